package dev.parley.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.ParleyBehindFake;
import dev.parley.testkit.RecordedRequest;
import dev.parley.testkit.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The set-up every client's end-to-end test shares, on a static field: one fake provider for the class and one
 * Parley in front of it ({@link E2eParley#inFrontOf}), as {@link ParleyBehindFake} runs them.
 */
final class FakeBehindParley extends ParleyBehindFake<E2eParley> {

    @Override
    protected E2eParley start(String upstreamBaseUrl, Path dataDir) {
        return E2eParley.inFrontOf(upstreamBaseUrl, dataDir);
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
}
