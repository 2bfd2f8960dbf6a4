package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The access log's batching appender loses no line, splits none, and keeps each writer's order. */
class LineBatchAppenderTest {

    @Test
    void everyLineOfConcurrentWritersIsWrittenWholeAndInOrderByStop() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineBatchAppender appender = new LineBatchAppender();
        appender.setContext(new LoggerContext());
        appender.setQueueSize(16); // smaller than what is written: writers wait for room, nothing is dropped
        appender.setOutputStream(out);
        appender.start();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> IntStream.range(0, 2_000)
                    .forEach(i -> appender.doAppend(event("{\"writer\":" + writer + ",\"line\":" + i + "}")))));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        appender.stop();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(8_000);
        for (int w = 0; w < 4; w++) {
            String prefix = "{\"writer\":" + w + ",";
            List<String> own = lines.stream().filter(l -> l.startsWith(prefix)).toList();
            assertThat(own).containsExactlyElementsOf(
                    IntStream.range(0, 2_000).mapToObj(i -> prefix + "\"line\":" + i + "}").toList());
        }
    }

    @Test
    void aBadQueueSizeIsRefusedAndTheAppenderDoesNotStart() {
        LineBatchAppender appender = new LineBatchAppender();
        appender.setContext(new LoggerContext());
        appender.setQueueSize(0);
        appender.start();
        assertThat(appender.isStarted()).isFalse();
    }

    private static LoggingEvent event(String message) {
        LoggingEvent event = new LoggingEvent();
        event.setLevel(Level.INFO);
        event.setMessage(message);
        return event;
    }
}
