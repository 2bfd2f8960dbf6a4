package dev.parley.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the kernel says a process tree has used: CPU time from {@code /proc/<pid>/stat} (utime + stime, in clock
 * ticks of {@code CLK_TCK}) and memory from {@code /proc/<pid>/status} (VmRSS now, VmHWM its peak). A tree, because
 * nginx serves from worker processes under its master; Parley and node are one process each (threads included).
 */
final class ProcStats {

    private final long ticksPerSecond;

    ProcStats(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /** {@code getconf CLK_TCK}; 100 on every Linux this runs on, asked anyway. */
    static ProcStats forThisMachine() throws IOException, InterruptedException {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(getconf.getInputStream().readAllBytes()).trim();
        getconf.waitFor();
        return new ProcStats(out.matches("\\d+") ? Long.parseLong(out) : 100);
    }

    /** User plus system CPU time of the process and its descendants, in microseconds. */
    long cpuMicros(ProcessHandle root) {
        return tree(root).mapToLong(this::cpuMicrosOf).sum();
    }

    /**
     * CPU time of the process's JIT compiler threads (HotSpot's {@code C1/C2 CompilerThreadN}, named in
     * {@code /proc/<pid>/task/<tid>/comm}), in microseconds: the part of a Java target's CPU time that is warm-up,
     * not serving, and that a run too short or a machine too busy leaves in its figures. 0 for other processes.
     */
    long jitMicros(ProcessHandle process) {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.filter(ProcStats::isCompilerThread).mapToLong(this::cpuMicrosAt).sum();
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static boolean isCompilerThread(Path task) {
        try {
            return Files.readString(task.resolve("comm")).matches("C[12] CompilerThre.*\\s*");
        } catch (IOException gone) {
            return false;
        }
    }

    /** VmRSS summed over the tree, in bytes. */
    long rssBytes(ProcessHandle root) {
        return tree(root).mapToLong(p -> statusKilobytes(p, "VmRSS:") * 1024).sum();
    }

    /** VmHWM (each process's peak resident set) summed over the tree, in bytes: an upper bound of the tree's peak. */
    long peakRssBytes(ProcessHandle root) {
        return tree(root).mapToLong(p -> statusKilobytes(p, "VmHWM:") * 1024).sum();
    }

    private static Stream<ProcessHandle> tree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants());
    }

    private long cpuMicrosOf(ProcessHandle process) {
        return cpuMicrosAt(Path.of("/proc", Long.toString(process.pid())));
    }

    /** utime + stime from the {@code stat} file of a process or thread folder under /proc. */
    private long cpuMicrosAt(Path folder) {
        try {
            String stat = Files.readString(folder.resolve("stat"));
            // The command name (field 2) may hold spaces and parentheses: count fields from the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
            return ticks * 1_000_000 / ticksPerSecond;
        } catch (IOException | RuntimeException gone) {
            return 0; // a process that ended between the listing and the read
        }
    }

    private static long statusKilobytes(ProcessHandle process, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"));
            return lines.stream().filter(l -> l.startsWith(key))
                    .mapToLong(l -> Long.parseLong(l.substring(key.length()).replace("kB", "").trim()))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
