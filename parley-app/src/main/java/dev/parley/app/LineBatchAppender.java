package dev.parley.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The access log's appender: each event's message, one line, written to standard error by a thread of its own, as
 * many lines as have queued up in one write. The access log has a line per request; written by the request's own
 * event loop, each line was a system call and a lock the loops took turns on. Nothing is dropped: when the queue is
 * full (the disk or the pipe is slower than the traffic), the caller waits for room, as a synchronous appender
 * would. {@link #stop} writes what is queued before it returns.
 */
public final class LineBatchAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final int BATCH = 512;
    /**
     * How long the writer lets lines gather after the first of a batch. It sleeps rather than wait on the queue, so
     * that adding a line never has to wake it: waking it per line cost a system call on the logging event loop and a
     * context switch on the writer, per request. Lines reach the log at most this much later.
     */
    private static final long LINGER_MILLIS = 10;

    private int queueSize = 8192;
    private BlockingQueue<String> queue;
    private Thread writer;
    private OutputStream out = System.err;

    /** How many lines may wait for the writer (logback property {@code queueSize}). */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /**
     * Where the lines go: {@code System.err} as it stands when the configuration is read, like logback's console
     * appender (so that a process that redirects it still gets them); one write per batch either way.
     */
    void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start() {
        if (queueSize < 1) {
            addError("queueSize must be at least 1, not " + queueSize);
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        writer = Thread.ofPlatform().daemon().name("parley-access-log").start(this::drain);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        try {
            queue.put(line(event));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What an event's line says: its message as it was logged (the access log redacts and formats it itself). */
    static String line(ILoggingEvent event) {
        return event.getFormattedMessage();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<String> lines = new ArrayList<>(BATCH);
        while (true) {
            try {
                lines.add(queue.take());
                Thread.sleep(LINGER_MILLIS);
            } catch (InterruptedException e) {
                // Stopped: what is still queued is written before the thread ends.
                queue.drainTo(lines);
                write(lines);
                return;
            }
            queue.drainTo(lines);
            write(lines);
            lines.clear();
        }
    }

    private void write(List<String> lines) {
        StringBuilder text = new StringBuilder(lines.size() * 400);
        lines.forEach(line -> text.append(line).append('\n'));
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            addError("could not write the access log", e);
        }
    }
}
