package dev.parley.app.e2e;

import dev.parley.app.TestFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.FakeProvider;
import dev.parley.testkit.FakeProviderExtension;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up every client's end-to-end test shares, on a static field: one fake provider for the class (reset
 * before each test, as {@link FakeProviderExtension} does) and one Parley in front of it
 * ({@link E2eParley#inFrontOf}) on a data folder of its own, started after the fake and closed before it.
 */
final class FakeBehindParley implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final FakeProviderExtension upstream = new FakeProviderExtension();
    private Path dataDir;
    private E2eParley parley;

    FakeProvider fake() {
        return upstream.fake();
    }

    String baseUrl() {
        return upstream.baseUrl();
    }

    E2eParley parley() {
        if (parley == null) {
            throw new IllegalStateException("Parley runs only while the test class runs");
        }
        return parley;
    }

    /**
     * The check every client's first test makes: asked for one word, the client prints the model's answer, and
     * the provider was asked exactly once, in the protocol the target says.
     *
     * @param client runs the client against {@code target} with the prompt it is given
     * @param diagnostics what to add to a failure's message besides the client's output
     */
    void assertPrintsTheAnswer(Target target, Function<String, ProcessRun.Result> client, Supplier<String> diagnostics) {
        String pong = "PONG-" + UUID.randomUUID().toString().substring(0, 8);
        fake().forModel(target.upstreamModel(), Reply.text(pong));

        ProcessRun.Result result = client.apply("Reply with the single word PONG.");

        String context = result.describe() + "\n" + diagnostics.get() + UpstreamRequests.summary(fake());
        assertThat(result.exitCode()).as(context).isZero();
        assertThat(result.stdout()).as(context).contains(pong);
        List<RecordedRequest> turns = UpstreamRequests.generations(fake(), target.upstreamModel());
        assertThat(turns).as(context).hasSize(1);
        assertThat(turns.getFirst().format()).as(context).contains(target.upstream());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        upstream.beforeAll(context);
        dataDir = Files.createTempDirectory("parley-e2e-");
        parley = E2eParley.inFrontOf(upstream.baseUrl(), dataDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (parley != null) {
                parley.close();
                parley = null;
            }
            TestFiles.deleteTree(dataDir);
        } finally {
            upstream.afterAll(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        upstream.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        upstream.afterEach(context);
    }
}
