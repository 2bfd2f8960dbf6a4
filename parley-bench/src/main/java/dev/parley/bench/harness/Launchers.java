package dev.parley.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts each target on a free port in front of the fast upstream, from a configuration written into the run's
 * own folder: nothing of the machine's (no system nginx, no shared data folder) is used or left running.
 */
final class Launchers {

    /** The fast upstream's credential, as a client of a provider would send it; the upstream ignores it. */
    static final String UPSTREAM_KEY = "sk-bench-upstream-0123456789";
    static final String PARLEY_KEY = "pk-bench-0123456789abcdef";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path runDir;
    private final Path logs;
    private final int upstreamPort;

    Launchers(Path runDir, int upstreamPort) throws IOException {
        this.runDir = runDir;
        this.logs = Files.createDirectories(runDir.resolve("logs"));
        this.upstreamPort = upstreamPort;
    }

    static Map<String, String> json(Map<String, String> more) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json"));
        headers.putAll(more);
        return Map.copyOf(headers);
    }

    static Launched upstream(String classpath, int port, Path logs) throws IOException, InterruptedException {
        Launched upstream = Launched.start("upstream", List.of(javaBin(), "-Xmx256m", "-cp", classpath,
                HarnessMain.class.getName(), "upstream", "--port", Integer.toString(port)), logs);
        upstream.awaitPort(port, START_TIMEOUT);
        return upstream;
    }

    Target direct() {
        return new Target(Target.DIRECT, upstreamPort, json(Map.of("Authorization", "Bearer " + UPSTREAM_KEY)),
                Optional.empty(), Optional.empty());
    }

    /** nginx as a plain reverse proxy: keep-alive to the upstream, no buffering (streams pass as they come). */
    Target nginx(Path nginxBin) throws IOException, InterruptedException {
        int port = Launched.freePort();
        Path prefix = Files.createDirectories(runDir.resolve("nginx"));
        String conf = """
                daemon off;
                worker_processes auto;
                worker_rlimit_nofile 16384;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 8192; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/client_body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream fast { server 127.0.0.1:%2$d; keepalive 1024; }
                  server {
                    listen 127.0.0.1:%3$d backlog=4096;
                    location / {
                      proxy_pass http://fast;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_buffering off;
                    }
                  }
                }
                """.formatted(prefix, upstreamPort, port);
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf, StandardCharsets.UTF_8);
        Launched nginx = Launched.start(Target.NGINX, List.of(nginxBin.toString(), "-p", prefix.toString(),
                "-e", prefix.resolve("error.log").toString(), "-c", file.toString()), logs);
        nginx.awaitPort(port, START_TIMEOUT);
        return new Target(Target.NGINX, port, json(Map.of("Authorization", "Bearer " + UPSTREAM_KEY)),
                Optional.empty(), Optional.of(nginx));
    }

    /**
     * Parley from the built jar, as in production: a configured virtual key checked on every request, configured
     * models routed to an openai-compatible provider, the usage ledger in SQLite in the run's data folder.
     * {@code -Xmx512m} bounds the heap the 1,000-stream scenario may use; the GC log says how much it did. With
     * {@code flightRecording}, a JFR profile of the whole run is written to {@code logs/parley.jfr} when it stops.
     */
    Target parley(Path jar, List<String> models, boolean flightRecording) throws IOException, InterruptedException {
        int port = Launched.freePort();
        Path data = Files.createDirectories(runDir.resolve("parley-data"));
        StringBuilder yaml = new StringBuilder("""
                server: {host: 127.0.0.1, port: %d, data_dir: "%s"}
                storage: {url: "sqlite:%s"}
                providers:
                  - {name: fast, type: openai-compatible, base_url: "http://127.0.0.1:%d/v1", keys: ["%s"]}
                keys:
                  - {name: bench, key: "%s", models: ["*"]}
                models:
                """.formatted(port, data, data.resolve("parley.db"), upstreamPort, UPSTREAM_KEY, PARLEY_KEY));
        models.forEach(m -> yaml.append("  - {name: ").append(m).append(", routes: [{provider: fast, model: ")
                .append(m).append("}]}\n"));
        Path config = runDir.resolve("parley.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(javaBin(), "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-Xlog:gc:file=" + logs.resolve("parley-gc.log") + ":uptime"));
        if (flightRecording) {
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + logs.resolve("parley.jfr"));
        }
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        Launched parley = Launched.start(Target.PARLEY, command, logs);
        parley.awaitPort(port, START_TIMEOUT);
        return new Target(Target.PARLEY, port, json(Map.of("Authorization", "Bearer " + PARLEY_KEY)),
                Optional.of(json(Map.of("x-api-key", PARLEY_KEY, "anthropic-version", "2023-06-01"))),
                Optional.of(parley));
    }

    /**
     * Portkey's open-source gateway under node: the provider and the upstream's base URL travel in its
     * {@code x-portkey-provider} and {@code x-portkey-custom-host} headers, the upstream's key in Authorization.
     */
    Target portkey(Path startServer) throws IOException, InterruptedException {
        int port = Launched.freePort();
        Launched portkey = Launched.start(Target.PORTKEY, List.of("node", startServer.toString(), "--port=" + port,
                "--headless"), logs);
        portkey.awaitPort(port, START_TIMEOUT);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + UPSTREAM_KEY, "x-portkey-provider", "openai",
                "x-portkey-custom-host", "http://127.0.0.1:" + upstreamPort + "/v1");
        Map<String, String> messages = new HashMap<>(headers);
        messages.put("anthropic-version", "2023-06-01");
        return new Target(Target.PORTKEY, port, json(headers), Optional.of(json(messages)), Optional.of(portkey));
    }

    Path logs() {
        return logs;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
