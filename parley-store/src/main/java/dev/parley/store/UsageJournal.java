package dev.parley.store;

import dev.parley.core.usage.UsageRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only journal of usage rows in a folder: JSON lines in numbered segment files. Rows are appended to
 * the active segment; {@link #seal()} closes it, so that the sealed segments can be read into the database and
 * then deleted while new rows go to a fresh segment. A segment also seals itself once it passes
 * {@code segmentBytes}.
 *
 * <p>Appends may come from any thread; {@link #force()} makes every append before it durable. Sealing, reading
 * and deleting segments belong to one thread (the usage writer's).
 */
final class UsageJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageJournal.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{12})\\.jsonl");
    static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;

    /** A sealed segment and the rows it holds. Lines that are not rows (torn by a crash) are counted, not read. */
    record Segment(Path file, List<UsageRecord> rows, int unreadable) {}

    private final Path folder;
    private final long segmentBytes;
    private final Object lock = new Object();
    private long nextNumber;
    private Optional<FileChannel> active = Optional.empty();
    private long activeBytes;
    /** Appends not yet forced to disk. */
    private boolean unforced;

    private UsageJournal(Path folder, long segmentBytes, long nextNumber) {
        this.folder = folder;
        this.segmentBytes = segmentBytes;
        this.nextNumber = nextNumber;
    }

    /** Opens (creating it if need be) the journal in {@code folder}; segments left there stay, sealed. */
    static UsageJournal open(Path folder) {
        return open(folder, DEFAULT_SEGMENT_BYTES);
    }

    static UsageJournal open(Path folder, long segmentBytes) {
        try {
            Files.createDirectories(folder);
            long next = numbers(folder).stream().mapToLong(Long::longValue).max().orElse(0) + 1;
            return new UsageJournal(folder, segmentBytes, next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage journal in " + folder, e);
        }
    }

    Path folder() {
        return folder;
    }

    /** Appends the rows, one line each, without forcing them to disk. */
    void append(List<UsageRecord> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder(rows.size() * 600);
        rows.forEach(row -> lines.append(UsageRowJson.write(row)).append('\n'));
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        synchronized (lock) {
            FileChannel channel = activeChannel();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            activeBytes += bytes.limit();
            unforced = true;
            if (activeBytes >= segmentBytes) {
                sealActive();
            }
        }
    }

    /** Makes every row appended so far durable (a segment sealed since the last force was forced when sealed). */
    void force() throws IOException {
        Optional<FileChannel> channel;
        synchronized (lock) {
            if (!unforced) {
                return;
            }
            unforced = false;
            channel = active;
        }
        // Outside the lock, so that an append never waits for the disk. Only the writer thread closes channels.
        if (channel.isPresent()) {
            try {
                channel.get().force(false);
            } catch (ClosedChannelException e) {
                // An append sealed the segment meanwhile, and sealing forced it.
            }
        }
    }

    /** Closes the active segment (forcing it): rows appended from now on go to a new one. */
    void seal() throws IOException {
        synchronized (lock) {
            sealActive();
        }
    }

    /** Whether no segment holds rows, sealed or active. */
    boolean isEmpty() throws IOException {
        synchronized (lock) {
            return active.isEmpty() && numbers(folder).isEmpty();
        }
    }

    /** The sealed segments, oldest first. Call {@link #seal()} first to include the latest rows. */
    List<Path> sealedSegments() throws IOException {
        List<Long> numbers;
        long activeNumber;
        synchronized (lock) {
            numbers = numbers(folder);
            activeNumber = active.isPresent() ? nextNumber - 1 : -1;
        }
        return numbers.stream().filter(n -> n != activeNumber).sorted().map(this::segmentFile).toList();
    }

    /** Reads a sealed segment. */
    static Segment read(Path file) throws IOException {
        List<UsageRecord> rows = new ArrayList<>();
        int unreadable = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(UsageRowJson.read(line));
                } catch (IllegalArgumentException e) {
                    unreadable++;
                }
            }
        }
        return new Segment(file, List.copyOf(rows), unreadable);
    }

    /** Deletes a segment whose rows are all in the database. */
    void delete(Path segment) throws IOException {
        Files.deleteIfExists(segment);
    }

    @Override
    public void close() {
        synchronized (lock) {
            try {
                sealActive();
            } catch (IOException e) {
                log.error("Closing the usage journal in {} failed: {}", folder, e.getMessage());
            }
        }
    }

    private FileChannel activeChannel() throws IOException {
        if (active.isPresent()) {
            return active.get();
        }
        Path file = segmentFile(nextNumber);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        nextNumber++;
        // The new file's name must survive a power loss as well as its contents.
        forceFolder();
        active = Optional.of(channel);
        activeBytes = 0;
        return channel;
    }

    private void sealActive() throws IOException {
        if (active.isEmpty()) {
            return;
        }
        FileChannel channel = active.get();
        active = Optional.empty();
        try (channel) {
            channel.force(false);
        }
    }

    private void forceFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder as a channel; the file's own force still covers a crash.
            log.debug("Cannot force the usage journal folder {}: {}", folder, e.getMessage());
        }
    }

    private Path segmentFile(long number) {
        return folder.resolve("segment-%012d.jsonl".formatted(number));
    }

    private static List<Long> numbers(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> SEGMENT.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .sorted()
                    .toList();
        }
    }
}
