package dev.parley.core.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Block;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream {@code chat.completion} bodies → parseResponse → writeResponse, compared with golden client bodies. */
class ResponseGoldenTest {

    static List<String> upstreamAnswers() {
        return Golden.cases("responses", ".upstream.json");
    }

    @ParameterizedTest
    @MethodSource("upstreamAnswers")
    void upstreamAnswerIsServedToAChatClient(String name) {
        ChatResponse response = Fixtures.CODEC.parseResponse(Golden.read(name + ".upstream.json"));
        byte[] body = Fixtures.CODEC.writeResponse(response, Fixtures.clientRequest(false, false));

        Golden.assertJson(name + ".client.json", body);
    }

    @Test
    void usageWithCacheIsNormalized() {
        ChatResponse response = Fixtures.CODEC.parseResponse(Golden.read("responses/parallel-tools.upstream.json"));

        // prompt 2000 = 1024 cached + 512 written + 464 uncached; completion 150 includes 100 reasoning.
        assertThat(UsageAudit.counts(response.usage())).isEqualTo(new TokenUsage(464, 150, 1024, 512, 100, TokenUsage.Source.REPORTED));
        assertThat(response.finish()).as("§7.8: calls decide, not the provider's 'stop'").isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls()).extracting(Block.ToolCall::id).containsExactly("call_a", "call_b", "call_c");
    }

    @Test
    void reasoningAndCompatSignatureAreKept() {
        ChatResponse response = Fixtures.CODEC.parseResponse(Golden.read("responses/reasoning-signature.upstream.json"));

        assertThat(response.content()).containsExactly(
                new Block.Thinking("The user wants the weather; call the tool.", Optional.empty()),
                new Block.Text("Let me check."),
                new Block.ToolCall("function-call-1", "get_weather", "{\"city\":\"Oslo\"}",
                        Optional.of(new Signature(Protocol.OPENAI_CHAT, "CiQBsignatureBytes=="))));
        assertThat(response.model()).isEqualTo("gemini-3-pro");
    }

    @Test
    void refusalIsTextAndARefusal() {
        ChatResponse response = Fixtures.CODEC.parseResponse(Golden.read("responses/refusal.upstream.json"));

        assertThat(response.text()).isEqualTo("I can't help with that.");
        assertThat(response.finish()).isEqualTo(FinishReason.REFUSAL);
    }

    @Test
    void lengthInsideAToolCallKeepsThePartialArguments() { // H10
        ChatResponse response = Fixtures.CODEC.parseResponse(Golden.read("responses/length.upstream.json"));

        assertThat(response.finish()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(response.toolCalls().getFirst().arguments()).isEqualTo("{\"city\":\"Os");
    }
}
