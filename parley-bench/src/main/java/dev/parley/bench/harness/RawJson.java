package dev.parley.bench.harness;

import dev.parley.bench.harness.Measurements.HttpRun;
import dev.parley.bench.harness.Measurements.StreamRun;
import java.util.Locale;
import java.util.StringJoiner;

/** The raw measurements as JSON, for comparing runs or plotting them otherwise; written by hand, it is small. */
final class RawJson {

    private RawJson() {
    }

    static String of(Measurements m, Settings settings, String machine) {
        StringJoiner http = new StringJoiner(",\n    ", "[\n    ", "\n  ]");
        for (HttpRun r : m.http) {
            Wrk.Result w = r.result();
            http.add(String.format(Locale.ROOT, "{\"scenario\":%s,\"target\":%s,\"round\":%d,\"connections\":%d,"
                    + "\"requests\":%d,\"seconds\":%.3f,\"errors\":%d,\"p50_us\":%.0f,\"p99_us\":%.0f,"
                    + "\"p999_us\":%.0f,\"max_us\":%.0f,\"cpu_us\":%d,\"jit_cpu_us\":%d}", str(r.scenario()), str(r.target()), r.round(),
                    r.connections(), w.requests(), w.seconds(), w.errors(), w.p50(), w.p99(), w.p999(), w.max(),
                    r.cpuMicros(), r.jitMicros()));
        }
        StringJoiner streams = new StringJoiner(",\n    ", "[\n    ", "\n  ]");
        for (StreamRun r : m.streams) {
            StreamClient.Result s = r.result();
            streams.add(String.format(Locale.ROOT, "{\"scenario\":%s,\"target\":%s,\"round\":%d,\"concurrency\":%d,"
                    + "\"completed\":%d,\"failed\":%d,\"seconds\":%.3f,\"ttft_p50_us\":%.1f,\"ttft_p99_us\":%.1f,"
                    + "\"ttft_p999_us\":%.1f,\"gap_p50_us\":%.1f,\"gap_p99_us\":%.1f,\"gap_p999_us\":%.1f,"
                    + "\"gaps\":%d,\"delay_p50_us\":%.1f,\"delay_p99_us\":%.1f,\"delay_p999_us\":%.1f,\"cpu_us\":%d}",
                    str(r.scenario()), str(r.target()), r.round(), r.concurrency(),
                    s.completed(), s.failed(), s.seconds(), s.ttft().percentileMicros(50),
                    s.ttft().percentileMicros(99), s.ttft().percentileMicros(99.9), s.gaps().percentileMicros(50),
                    s.gaps().percentileMicros(99), s.gaps().percentileMicros(99.9), s.gaps().size(),
                    s.delays().percentileMicros(50), s.delays().percentileMicros(99), s.delays().percentileMicros(99.9),
                    r.cpuMicros()));
        }
        StringJoiner memory = new StringJoiner(",", "{", "}");
        m.memory.forEach((t, mem) -> memory.add(str(t) + ":{\"idle_rss_bytes\":" + mem.idleRss()
                + ",\"peak_rss_bytes\":" + mem.peakRss() + "}"));
        String heap = m.parleyHeap.map(h -> "{\"peak_before_gc_mib\":" + h.peakBeforeGcMib()
                + ",\"peak_after_gc_mib\":" + h.peakAfterGcMib() + ",\"peak_committed_mib\":" + h.peakCommittedMib() + "}")
                .orElse("null");
        return "{\n  \"machine\": " + str(machine) + ",\n  \"settings\": " + str(settings.toString())
                + ",\n  \"http\": " + http + ",\n  \"streams\": " + streams + ",\n  \"memory\": " + memory
                + ",\n  \"parley_heap\": " + heap + "\n}\n";
    }

    private static String str(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
