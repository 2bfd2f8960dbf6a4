package dev.parley.testkit;

import java.util.List;
import java.util.Objects;

/**
 * How a fake provider is set up.
 *
 * @param host the address to bind; loopback unless a demo needs otherwise
 * @param port 0 for a random free port
 * @param defaultReply what every generation endpoint answers when nothing is scripted; chunk faults play it out too
 * @param models the ids the model-list endpoints report
 * @param reuseRenderings serialize the default reply once per protocol, mode and model and replay the bytes;
 *     fast for benchmarks, but every such reply then carries the same ids and timestamp
 * @param retainedRecords how many recent requests, served replies and hang-ups the fake keeps for inspection;
 *     the counters stay exact beyond it
 */
public record FakeProviderConfig(String host, int port, Reply defaultReply, List<String> models,
        boolean reuseRenderings, int retainedRecords) {

    public static final String DEFAULT_MODEL = "fake-model";

    public FakeProviderConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaultReply, "defaultReply");
        models = List.copyOf(models);
        if (retainedRecords < 0) {
            throw new IllegalArgumentException("retainedRecords cannot be negative");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static FakeProviderConfig defaults() {
        return new FakeProviderConfig("127.0.0.1", 0, Reply.defaultReply(), List.of(DEFAULT_MODEL), false, 10_000);
    }

    public FakeProviderConfig withHost(String host) {
        return new FakeProviderConfig(host, port, defaultReply, models, reuseRenderings, retainedRecords);
    }

    public FakeProviderConfig withPort(int port) {
        return new FakeProviderConfig(host, port, defaultReply, models, reuseRenderings, retainedRecords);
    }

    public FakeProviderConfig withDefaultReply(Reply reply) {
        return new FakeProviderConfig(host, port, reply, models, reuseRenderings, retainedRecords);
    }

    public FakeProviderConfig withModels(String... models) {
        return new FakeProviderConfig(host, port, defaultReply, List.of(models), reuseRenderings, retainedRecords);
    }

    public FakeProviderConfig withReusedRenderings(boolean reuse) {
        return new FakeProviderConfig(host, port, defaultReply, models, reuse, retainedRecords);
    }

    public FakeProviderConfig withRetainedRecords(int retained) {
        return new FakeProviderConfig(host, port, defaultReply, models, reuseRenderings, retained);
    }
}
