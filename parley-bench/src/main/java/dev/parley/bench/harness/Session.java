package dev.parley.bench.harness;

import dev.parley.bench.harness.Measurements.HttpRun;
import dev.parley.bench.harness.Measurements.StreamRun;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The measuring part of a run: every scenario goes through the targets in interleaved rounds (direct, nginx,
 * parley, portkey, direct, ...), so that a drift of the machine's speed (other work, frequency) hits them alike.
 * Each target is warmed up before anything is measured; a request shape a target cannot serve is noted, not run.
 */
final class Session {

    private final Settings settings;
    private final List<Target> targets;
    private final Wrk wrk;
    private final StreamClient streamClient;
    private final ProcStats proc;
    private final Consumer<String> log;
    private final Measurements measured = new Measurements();

    Session(Settings settings, List<Target> targets, Wrk wrk, Vertx vertx, ProcStats proc, Consumer<String> log) {
        this.settings = settings;
        this.targets = targets;
        this.wrk = wrk;
        this.streamClient = new StreamClient(vertx);
        this.proc = proc;
        this.log = log;
        targets.forEach(t -> measured.targets.add(t.name()));
    }

    Measurements run(ProcessHandle upstream) throws Exception {
        for (Target target : targets) {
            probe(target);
        }
        for (Target target : targets) {
            target.process().ifPresent(p -> measured.memory.put(target.name(),
                    new Measurements.Memory(proc.rssBytes(p.handle()), 0)));
        }
        warmUp();
        passThrough(upstream);
        ladder(upstream);
        translated(upstream);
        streaming(upstream);
        openStreams(upstream);
        for (Target target : targets) {
            target.process().ifPresent(p -> measured.memory.computeIfPresent(target.name(),
                    (name, m) -> new Measurements.Memory(m.idleRss(), proc.peakRssBytes(p.handle()))));
        }
        return measured;
    }

    /**
     * One request of each shape, each given time (a JVM's first request, on a busy machine, takes a second or
     * more); a shape a target refuses is not measured there, and the reason is kept.
     */
    private void probe(Target target) throws Exception {
        if (status(target, "/v1/chat/completions", Bodies.chat(Settings.model(0), false), target.chat()) != 200) {
            throw new IllegalStateException(target.name() + " does not answer a Chat request; see its log");
        }
        if (target.messages().isPresent() && status(target, "/v1/messages", Bodies.messages(Settings.model(0)),
                target.messages().get()) != 200) {
            measured.unsupported.put(target.name() + "/" + Measurements.TRANSLATED,
                    "an Anthropic Messages request for an OpenAI-compatible upstream was refused");
        }
        StreamClient.Result stream = streamClient.run(URI.create(target.url("/v1/chat/completions")),
                Bodies.chat(Settings.model(0), true), target.chat(), 1, 0, true);
        if (stream.completed() != 1) {
            throw new IllegalStateException(target.name() + " does not relay a stream of "
                    + FastUpstream.CHUNKS + " chunks; see its log");
        }
    }

    private static int status(Target target, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url(path)))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private void warmUp() throws Exception {
        for (Target target : targets) {
            log.accept("warming up " + target.name());
            wrk.run(chatScript(target, false), target.url("/v1/chat/completions"), 8, settings.warmupSeconds());
            if (translates(target)) {
                wrk.run(messagesScript(target), target.url("/v1/messages"), 8, settings.warmupSeconds());
            }
            streamClient.run(URI.create(target.url("/v1/chat/completions")),
                    Bodies.chat(Settings.model(settings.streamPacingMillis()), true), target.chat(), 8,
                    settings.warmupSeconds() * 1000L, false);
        }
    }

    /**
     * Each round: the one-connection latency runs, then the CPU runs under load, every target in turn. CPU per request
     * is the median of the rounds' load runs: one run alone moved by a third from one run to the next.
     */
    private void passThrough(ProcessHandle upstream) throws Exception {
        for (int round = 1; round <= settings.rounds(); round++) {
            for (Target target : targets) {
                log.accept("pass-through latency, round " + round + ": " + target.name());
                measured.http.add(http(Measurements.PASS_THROUGH, target, round, chatScript(target, false),
                        "/v1/chat/completions", 1, settings.latencySeconds(), upstream));
            }
            for (Target target : targets) {
                log.accept("pass-through load, round " + round + ": " + target.name());
                measured.http.add(http(Measurements.PASS_THROUGH_LOAD, target, round, chatScript(target, false),
                        "/v1/chat/completions", settings.loadConnections(), settings.loadSeconds(), upstream));
            }
        }
    }

    private void ladder(ProcessHandle upstream) throws Exception {
        for (int connections : settings.ladder()) {
            for (Target target : targets) {
                log.accept("throughput ladder, " + connections + " connections: " + target.name());
                measured.http.add(http(Measurements.LADDER, target, 1, chatScript(target, false),
                        "/v1/chat/completions", connections, settings.ladderSeconds(), upstream));
            }
        }
    }

    /** The direct baseline is the Chat request the gateways send upstream; they are sent the Anthropic one. */
    private void translated(ProcessHandle upstream) throws Exception {
        List<Target> able = targets.stream().filter(t -> t.isDirect() || translates(t)).toList();
        for (int round = 1; round <= settings.rounds(); round++) {
            for (Target target : able) {
                log.accept("translated latency, round " + round + ": " + target.name());
                measured.http.add(translatedRun(Measurements.TRANSLATED, target, round, 1,
                        settings.latencySeconds(), upstream));
            }
            for (Target target : able) {
                log.accept("translated load, round " + round + ": " + target.name());
                measured.http.add(translatedRun(Measurements.TRANSLATED_LOAD, target, round,
                        settings.loadConnections(), settings.loadSeconds(), upstream));
            }
        }
    }

    private HttpRun translatedRun(String scenario, Target target, int round, int connections, int seconds,
                                  ProcessHandle upstream) throws Exception {
        return target.isDirect()
                ? http(scenario, target, round, chatScript(target, false), "/v1/chat/completions", connections,
                        seconds, upstream)
                : http(scenario, target, round, messagesScript(target), "/v1/messages", connections, seconds,
                        upstream);
    }

    private void streaming(ProcessHandle upstream) throws Exception {
        String body = Bodies.chat(Settings.model(settings.streamPacingMillis()), true);
        for (int round = 1; round <= settings.rounds(); round++) {
            for (Target target : targets) {
                log.accept("streaming, round " + round + ": " + target.name());
                measured.streams.add(stream(Measurements.STREAMING, target, round, body,
                        settings.streamConcurrency(), settings.streamSeconds() * 1000L, false, upstream));
            }
        }
    }

    private void openStreams(ProcessHandle upstream) throws Exception {
        String body = Bodies.chat(Settings.model(settings.manyPacingMillis()), true);
        for (Target target : targets) {
            log.accept(settings.manyStreams() + " open streams: " + target.name());
            measured.streams.add(stream(Measurements.OPEN_STREAMS, target, 1, body, settings.manyStreams(),
                    settings.manySpreadMillis(), true, upstream));
        }
    }

    private HttpRun http(String scenario, Target target, int round, Path script, String path, int connections,
                         int seconds, ProcessHandle upstream) throws Exception {
        ProcessHandle measuredProcess = processOf(target, upstream);
        long cpu = proc.cpuMicros(measuredProcess);
        long jit = proc.jitMicros(measuredProcess);
        Wrk.Result result = wrk.run(script, target.url(path), connections, seconds);
        return new HttpRun(scenario, target.name(), round, connections, result,
                proc.cpuMicros(measuredProcess) - cpu, proc.jitMicros(measuredProcess) - jit);
    }

    private StreamRun stream(String scenario, Target target, int round, String body, int concurrency, long millis,
                             boolean once, ProcessHandle upstream) throws Exception {
        ProcessHandle measuredProcess = processOf(target, upstream);
        long cpu = proc.cpuMicros(measuredProcess);
        StreamClient.Result result = streamClient.run(URI.create(target.url("/v1/chat/completions")), body,
                target.chat(), concurrency, millis, once);
        return new StreamRun(scenario, target.name(), round, concurrency, result,
                proc.cpuMicros(measuredProcess) - cpu);
    }

    private static ProcessHandle processOf(Target target, ProcessHandle upstream) {
        return target.process().map(Launched::handle).orElse(upstream);
    }

    private boolean translates(Target target) {
        return target.messages().isPresent()
                && !measured.unsupported.containsKey(target.name() + "/" + Measurements.TRANSLATED);
    }

    private Path chatScript(Target target, boolean stream) throws IOException {
        return wrk.script(target.name() + "-chat", Bodies.chat(Settings.model(0), stream), target.chat());
    }

    private Path messagesScript(Target target) throws IOException {
        Map<String, String> headers = target.messages().orElseThrow();
        return wrk.script(target.name() + "-messages", Bodies.messages(Settings.model(0)), headers);
    }
}
