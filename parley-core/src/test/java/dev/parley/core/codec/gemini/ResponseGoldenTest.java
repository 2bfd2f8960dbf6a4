package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.ToolIds;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Message;
import dev.parley.core.model.Reasoning;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Hand-written Gemini answers: upstream JSON → {@link ChatResponse} → the answer a Gemini client gets. */
class ResponseGoldenTest {

    private final GeminiCodec codec = new GeminiCodec();

    @Test
    void text() {
        ChatResponse response = parse("text");

        assertThat(response.id()).isEqualTo("resp-text-1");
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.content()).containsExactly(new Block.Text("It is 12°C in Oslo."));
        assertThat(response.finish()).isEqualTo(FinishReason.END_TURN);
        assertThat(UsageAudit.counts(response.usage())).isEqualTo(new TokenUsage(40, 8, 0, 0, 0, TokenUsage.Source.REPORTED));
        write("text", response, client(false));
    }

    @Test
    void thinkingWithSignature() {
        ChatResponse response = parse("thinking");

        Signature signature = new Signature(Protocol.GEMINI, "CiQBzZmx1ZXNpZw==");
        assertThat(response.content()).containsExactly(
                new Block.Thinking("**Checking units**\nThe user wants Celsius.", Optional.empty()),
                new Block.Text("It is 12°C."),
                new Block.Thinking("", Optional.of(signature)));
        // Spec 7.9: candidates exclude thoughts, Parley's output includes them.
        assertThat(UsageAudit.counts(response.usage())).isEqualTo(new TokenUsage(812, 69, 0, 0, 64, TokenUsage.Source.REPORTED));
        write("thinking", response, client(true));
    }

    @Test
    void parallelToolCallsWithoutIdsAndCachedUsage() {
        ChatResponse response = parse("parallel-calls");

        // H4: Gemini gave no ids; they are synthesized from the response id and the call's position.
        assertThat(response.toolCalls()).extracting(Block.ToolCall::id)
                .containsExactly(ToolIds.synthesize("resp-calls-1", 0), ToolIds.synthesize("resp-calls-1", 1));
        assertThat(response.toolCalls()).extracting(Block.ToolCall::name).containsOnly("get_weather");
        assertThat(Json.parse(response.toolCalls().get(1).arguments(), "args").path("unit").asString()).isEqualTo("celsius");
        assertThat(response.toolCalls().getFirst().signature()).contains(new Signature(Protocol.GEMINI, "EjQKMgHsig=="));
        // Spec 7.8: Gemini says STOP; the calls make it TOOL_CALLS.
        assertThat(response.finish()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(UsageAudit.counts(response.usage())).isEqualTo(new TokenUsage(176, 50, 1024, 0, 20, TokenUsage.Source.REPORTED));
        write("parallel-calls", response, client(false));
    }

    @Test
    void blockedPrompt() {
        ChatResponse response = parse("blocked");

        assertThat(response.content()).isEmpty();
        assertThat(response.finish()).isEqualTo(FinishReason.CONTENT_FILTER);
        write("blocked", response, client(false));
    }

    private ChatResponse parse(String name) {
        return codec.parseResponse(Golden.bytes("responses/" + name + ".upstream.json"));
    }

    private void write(String name, ChatResponse response, ChatRequest request) {
        Golden.assertJson("responses/" + name + ".client.json", codec.writeResponse(response, request));
    }

    /** The client asked for its own alias of the model, which the answer must show. */
    private static ChatRequest client(boolean showThoughts) {
        ChatRequest.Builder request = ChatRequest.builder("gemini-flash-latest").messages(List.of(Message.user("Weather?")));
        if (showThoughts) {
            request.reasoning(new Reasoning(Optional.empty(), OptionalInt.empty(), true));
        }
        return request.build();
    }
}
