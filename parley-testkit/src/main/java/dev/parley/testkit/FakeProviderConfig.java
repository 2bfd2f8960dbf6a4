package dev.parley.testkit;

import java.util.List;

/**
 * How a fake provider is set up.
 *
 * @param host the address to bind; loopback unless a demo needs otherwise
 * @param port 0 for a random free port
 * @param defaultReply what every generation endpoint answers when nothing is scripted; chunk faults play it out too
 * @param models the ids the model-list endpoints report
 * @param reuseRenderings serialize the default reply once per protocol, mode and model and replay the bytes;
 *     fast for benchmarks, but every such reply then carries the same ids and timestamp
 */
public record FakeProviderConfig(String host, int port, Reply defaultReply, List<String> models,
        boolean reuseRenderings) {

    public static final String DEFAULT_MODEL = "fake-model";

    public FakeProviderConfig {
        java.util.Objects.requireNonNull(host, "host");
        java.util.Objects.requireNonNull(defaultReply, "defaultReply");
        models = List.copyOf(models);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static FakeProviderConfig defaults() {
        return new FakeProviderConfig("127.0.0.1", 0, Reply.defaultReply(), List.of(DEFAULT_MODEL), false);
    }

    public FakeProviderConfig withHost(String host) {
        return new FakeProviderConfig(host, port, defaultReply, models, reuseRenderings);
    }

    public FakeProviderConfig withPort(int port) {
        return new FakeProviderConfig(host, port, defaultReply, models, reuseRenderings);
    }

    public FakeProviderConfig withDefaultReply(Reply reply) {
        return new FakeProviderConfig(host, port, reply, models, reuseRenderings);
    }

    public FakeProviderConfig withModels(String... models) {
        return new FakeProviderConfig(host, port, defaultReply, List.of(models), reuseRenderings);
    }

    public FakeProviderConfig withReusedRenderings(boolean reuse) {
        return new FakeProviderConfig(host, port, defaultReply, models, reuse);
    }
}
