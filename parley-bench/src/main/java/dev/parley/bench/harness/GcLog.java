package dev.parley.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a unified GC log ({@code -Xlog:gc}): each pause's "used before->used after(committed)" in MiB. */
final class GcLog {

    private static final Pattern PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private GcLog() {
    }

    static Optional<Measurements.Heap> peak(Path log) throws IOException {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        long before = -1;
        long after = -1;
        long committed = -1;
        for (String line : Files.readAllLines(log)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
                committed = Math.max(committed, Long.parseLong(m.group(3)));
            }
        }
        return before < 0 ? Optional.empty() : Optional.of(new Measurements.Heap(before, after, committed));
    }
}
