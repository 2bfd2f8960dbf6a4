package dev.parley.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop HTTP load from wrk: {@code connections} clients each sending the next request when the last one is
 * answered, for a fixed time. A generated Lua script sets the method, body and headers and, in {@code done},
 * prints one line with wrk's own latency percentiles (microseconds) and counts, which this class reads.
 */
final class Wrk {

    private static final Pattern RESULT = Pattern.compile("WRK-RESULT requests=(\\d+) duration_us=(\\d+) "
            + "errors=(\\d+) p50=(\\d+) p99=(\\d+) p999=(\\d+) max=(\\d+)");

    private final Path wrk;
    private final Path scripts;

    Wrk(Path wrk, Path scripts) {
        this.wrk = wrk;
        this.scripts = scripts;
    }

    /** One run's figures: latencies in microseconds. */
    record Result(long requests, double seconds, long errors, double p50, double p99, double p999, double max) {
        double rps() {
            return requests / seconds;
        }
    }

    /** Writes the script for one request shape, once per target and scenario. */
    Path script(String name, String body, Map<String, String> headers) throws IOException {
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
        lua.append("wrk.body = [==[").append(body).append("]==]\n");
        headers.forEach((k, v) -> lua.append("wrk.headers[\"").append(k).append("\"] = \"").append(v).append("\"\n"));
        lua.append("""
                done = function(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format(
                    "WRK-RESULT requests=%d duration_us=%d errors=%d p50=%d p99=%d p999=%d max=%d\\n",
                    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
                    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
                end
                """);
        Path file = scripts.resolve(name + ".lua");
        Files.writeString(file, lua, StandardCharsets.UTF_8);
        return file;
    }

    Result run(Path script, String url, int connections, int seconds) throws IOException, InterruptedException {
        // One wrk thread: on two cores, a second would take CPU from the target it measures.
        int threads = 1;
        List<String> command = new ArrayList<>(List.of(wrk.toString(), "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--timeout", "10s", "-s", script.toString(), url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Matcher m = RESULT.matcher(out);
        if (exit != 0 || !m.find()) {
            throw new IllegalStateException("wrk failed (exit " + exit + "): " + out);
        }
        return new Result(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6, Long.parseLong(m.group(3)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                Double.parseDouble(m.group(7)));
    }
}
