package dev.parley.bench.harness;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end benchmark: Parley against nginx and Portkey's gateway, in front of one fast upstream, on this
 * machine, in one session. Started by {@code ./bench}, which builds Parley and this module, checks for nginx and
 * wrk and installs Portkey's gateway; see README.md, "Performance".
 *
 * <pre>
 * HarnessMain [--quick] [--jfr] --out DIR --parley-jar JAR --portkey START_SERVER_JS --nginx NGINX --wrk WRK
 * HarnessMain upstream --port PORT      (the fast upstream alone, in its own process)
 * </pre>
 */
public final class HarnessMain {

    private HarnessMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (args.length > 0 && args[0].equals("upstream")) {
            FastUpstream.start(Integer.parseInt(required(options, "--port")), 2).await(30, TimeUnit.SECONDS);
            return; // Vert.x's event loops keep the process alive until it is stopped
        }
        Settings settings = options.containsKey("--quick") ? Settings.QUICK : Settings.FULL;
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path out = Files.createDirectories(Path.of(required(options, "--out")).resolve(stamp));
        new HarnessMain().run(settings, out, options);
    }

    private void run(Settings settings, Path out, Map<String, String> options) throws Exception {
        String machine = Machine.describe(Path.of(required(options, "--nginx")), Path.of(required(options, "--wrk")),
                Path.of(required(options, "--portkey")));
        log("results in " + out + "\n" + machine);
        ProcStats proc = ProcStats.forThisMachine();
        int upstreamPort = Launched.freePort();
        Launchers launchers = new Launchers(out, upstreamPort);
        List<Launched> started = new ArrayList<>();
        Thread stopAll = new Thread(() -> started.reversed().forEach(Launched::stop));
        Runtime.getRuntime().addShutdownHook(stopAll);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Measurements measured;
        try {
            Launched upstream = Launchers.upstream(System.getProperty("java.class.path"), upstreamPort,
                    launchers.logs());
            started.add(upstream);
            List<Target> targets = new ArrayList<>(List.of(launchers.direct()));
            targets.add(track(launchers.nginx(Path.of(required(options, "--nginx"))), started));
            targets.add(track(launchers.parley(Path.of(required(options, "--parley-jar")), settings.models(),
                    options.containsKey("--jfr")), started));
            targets.add(track(launchers.portkey(Path.of(required(options, "--portkey"))), started));
            Files.createDirectories(out.resolve("wrk"));
            Wrk wrk = new Wrk(Path.of(required(options, "--wrk")), out.resolve("wrk"));
            measured = new Session(settings, targets, wrk, vertx, proc, HarnessMain::log).run(upstream.handle());
        } finally {
            started.reversed().forEach(Launched::stop);
            Runtime.getRuntime().removeShutdownHook(stopAll);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        measured.parleyHeap = GcLog.peak(launchers.logs().resolve("parley-gc.log"));
        write(settings, out, machine, measured);
    }

    private static void write(Settings settings, Path out, String machine, Measurements measured) throws IOException {
        Figures figures = new Figures(measured);
        String header = "# Parley, nginx and Portkey: " + (settings.quick() ? "quick run (smoke test)" : "full run")
                + "\n\n" + machine.lines().map(l -> "- " + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\n"
                + "- Command: `./bench" + (settings.quick() ? " --quick" : "") + "`\n";
        String markdown = new Report(figures, settings).markdown(header)
                + "\n![added latency and throughput](plot.svg)\n";
        Files.writeString(out.resolve("results.md"), markdown, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("plot.svg"), new Plot(figures, settings).svg("Parley, nginx, Portkey: "
                + out.getFileName()), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("raw.json"), RawJson.of(measured, settings, machine), StandardCharsets.UTF_8);
        System.out.println(markdown);
        log("written: " + out.resolve("results.md") + ", plot.svg, raw.json");
    }

    private static Target track(Target target, List<Launched> started) {
        target.process().ifPresent(started::add);
        return target;
    }

    private static void log(String line) {
        System.err.println("[bench " + DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(Instant.now())
                + "] " + line);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick") || args[i].equals("--jfr")) {
                options.put(args[i], "");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name + " (see the usage in HarnessMain's documentation)");
        }
        return value;
    }

    /** What the report says about where it was measured. */
    static final class Machine {
        private Machine() {
        }

        static String describe(Path nginx, Path wrk, Path portkeyStart) throws IOException, InterruptedException {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
            Path packageJson = portkeyStart.getParent().getParent().resolve("package.json");
            Matcher version = Pattern.compile("\"version\":\\s*\"([^\"]+)\"")
                    .matcher(Files.exists(packageJson) ? Files.readString(packageJson) : "");
            return "Date: " + Instant.now() + "\n"
                    + "Machine: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Linux "
                    + Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim() + ", load average at start "
                    + Files.readString(Path.of("/proc/loadavg")).trim() + "\n"
                    + "Versions: Java " + Runtime.version() + "; " + firstLine(nginx.toString(), "-v") + "; node "
                    + firstLine("node", "--version") + "; @portkey-ai/gateway "
                    + (version.find() ? version.group(1) : "unknown") + "; " + firstLine(wrk.toString(), "--version");
        }

        private static String firstLine(String... command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("").trim();
        }
    }
}
