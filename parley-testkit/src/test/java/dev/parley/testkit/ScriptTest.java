package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScriptTest {

    @RegisterExtension
    static final FakeProviderExtension upstream = new FakeProviderExtension();

    private static final String CLAUDE = "{\"model\":\"claude\",\"max_tokens\":8,\"messages\":[]}";
    private static final String BACKUP = "{\"model\":\"backup\",\"max_tokens\":8,\"messages\":[]}";

    @Test
    void answersAreDrawnInOrderWhateverTheProtocol() {
        upstream.enqueue(Reply.text("first"), Fault.status(503), Reply.text("third"));

        String first = TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false)).body();
        int second = TestHttp.post(upstream.fake(), Endpoint.GEMINI.path(false), Endpoint.GEMINI.body(false))
                .statusCode();
        String third = TestHttp.post(upstream.fake(), Endpoint.ANTHROPIC.path(false), Endpoint.ANTHROPIC.body(false))
                .body();
        String fourth = TestHttp.post(upstream.fake(), Endpoint.RESPONSES.path(false), Endpoint.RESPONSES.body(false))
                .body();

        assertThat(TestHttp.json(first).path("choices").get(0).path("message").path("content").asString())
                .isEqualTo("first");
        assertThat(second).isEqualTo(503);
        assertThat(TestHttp.json(third).path("content").get(0).path("text").asString()).isEqualTo("third");
        assertThat(TestHttp.json(fourth).path("output").get(0).path("content").get(0).path("text").asString())
                .as("then the default reply").isEqualTo(Reply.DEFAULT_TEXT);
        assertThat(upstream.fake().pendingAnswers()).isZero();
    }

    @Test
    void aModelsOwnQueueComesFirstAndLeavesTheSharedQueueToOthers() {
        upstream.fake().forModel("claude", Fault.overloaded());
        upstream.enqueue(Reply.text("shared"));

        int claude = TestHttp.post(upstream.fake(), "/v1/messages", CLAUDE).statusCode();
        String backup = TestHttp.post(upstream.fake(), "/v1/messages", BACKUP).body();

        assertThat(claude).isEqualTo(529);
        assertThat(TestHttp.json(backup).path("content").get(0).path("text").asString()).isEqualTo("shared");
    }

    @Test
    void aStandingAnswerCanKeepOneModelDown() {
        upstream.fake().defaultAnswerForModel("claude", Fault.overloaded());

        for (int i = 0; i < 3; i++) {
            assertThat(TestHttp.post(upstream.fake(), "/v1/messages", CLAUDE).statusCode()).isEqualTo(529);
            assertThat(TestHttp.post(upstream.fake(), "/v1/messages", BACKUP).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theStandingAnswerCanBeAFaultUntilReset() {
        upstream.fake().defaultAnswer(Fault.status(500));

        assertThat(TestHttp.post(upstream.fake(), "/v1/messages", CLAUDE).statusCode()).isEqualTo(500);
        assertThat(TestHttp.post(upstream.fake(), "/v1/messages", BACKUP).statusCode()).isEqualTo(500);
        upstream.fake().reset();
        assertThat(TestHttp.post(upstream.fake(), "/v1/messages", CLAUDE).statusCode()).isEqualTo(200);
    }

    @Test
    void pendingAnswersCountsEveryQueue() {
        upstream.enqueue(Reply.text("a"), Reply.text("b"));
        upstream.fake().forModel("claude", Reply.text("c"));

        assertThat(upstream.fake().pendingAnswers()).isEqualTo(3);
        TestHttp.post(upstream.fake(), "/v1/messages", CLAUDE);
        assertThat(upstream.fake().pendingAnswers()).isEqualTo(2);
    }

    @Test
    void modelListsTokenCountsAndEmbeddingsDoNotDrawFromTheScript() {
        upstream.enqueue(Fault.status(500));

        TestHttp.get(upstream.fake(), "/v1/models");
        TestHttp.post(upstream.fake(), "/v1/messages/count_tokens", CLAUDE);
        TestHttp.post(upstream.fake(), "/v1/embeddings", "{\"model\":\"e\",\"input\":\"x\"}");

        assertThat(upstream.fake().pendingAnswers()).isEqualTo(1);
    }

    @Test
    void idsDeriveFromTheRequestSequence() {
        String body = TestHttp.post(upstream.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false)).body();

        long sequence = upstream.fake().lastRequest().sequence();
        assertThat(TestHttp.json(body).path("id").asString()).isEqualTo("chatcmpl-fake%06d".formatted(sequence));
    }
}
