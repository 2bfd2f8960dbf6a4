package dev.parley.core.codec.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.RequestTarget;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Non-streaming answers: an upstream's Response object in, the Response object a client reads out. */
class ResponseGoldenTest {

    private final ResponsesCodec codec = new ResponsesCodec(() -> 1767225600L);

    @Test
    void upstreamAnswerWithReasoningTextAndParallelCalls() {
        ChatResponse response = codec.parseResponse(Golden.bytes("upstream-response-reasoning-tools.json"));

        assertThat(response.id()).isEqualTo("resp_01");
        assertThat(response.model()).isEqualTo("gpt-5-codex");
        assertThat(response.content()).containsExactly(
                new Block.Thinking("Need the file list.\n\nAnd the date.",
                        Optional.of(new Signature(Protocol.OPENAI_RESPONSES, "gAAAAB-enc-1"))),
                new Block.Text("Listing files."),
                new Block.ToolCall("call_A1", "shell", "{\"command\":[\"ls\"]}", Optional.empty()),
                new Block.ToolCall("call_B2", "date", "{\"utc\":true}", Optional.empty()));
        assertThat(response.finish()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(UsageAudit.counts(response.usage())).isEqualTo(new TokenUsage(364, 210, 1536, 0, 128, TokenUsage.Source.REPORTED));

        ChatRequest request = Requests.parse("{\"model\":\"codex-alias\",\"input\":\"list files\"}");
        Golden.assertJson("client-response-reasoning-tools.json", codec.writeResponse(response, request));
    }

    @Test
    void upstreamRefusalIsIncompleteByContentFilter() {
        ChatResponse response = codec.parseResponse(Golden.bytes("upstream-response-incomplete.json"));

        assertThat(response.content()).containsExactly(new Block.Text("I can't help with that."));
        assertThat(response.finish()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(UsageAudit.counts(response.usage())).isEqualTo(TokenUsage.reported(12, 7));
    }

    /** H1, H8: an answer from another provider, shaped for what the Codex client declared. */
    @Test
    void foreignAnswerComesBackInTheItemTypesTheClientDeclared() {
        ChatResponse response = foreignAnswer();

        byte[] body = codec.writeResponse(response, Requests.codexTools());

        Golden.assertJson("client-response-foreign.json", body);
        JsonNode output = Golden.json("client-response-foreign.json").get("output");
        assertThat(output.get(3).get("type").asString()).isEqualTo("custom_tool_call");
        assertThat(output.get(3).get("input").asString()).isEqualTo("*** Begin Patch\n*** End Patch");
        assertThat(output.get(4).get("namespace").asString()).isEqualTo("multi_agent_v1");
        assertThat(output.get(4).get("name").asString()).isEqualTo("spawn_agent");
        assertThat(output.get(5).get("type").asString()).isEqualTo("local_shell_call");
    }

    /** H1: what Codex stores from that answer and sends back gives Parley every token it carried. */
    @Test
    void echoedOutputItemsReadBackIntoTheSameAnswer() {
        ChatResponse response = foreignAnswer();
        JsonNode output = Golden.JSON_READER.readTree(codec.writeResponse(response, Requests.codexTools())).get("output");
        ObjectNode body = (ObjectNode) Golden.JSON_READER.readTree(Requests.utf8(Requests.CODEX_TOOLS));
        body.putArray("input").add(userMessage()).addAll((tools.jackson.databind.node.ArrayNode) output);

        ChatRequest replayed = codec.parseRequest(Golden.JSON_READER.writeValueAsBytes(body), RequestTarget.BODY);

        assertThat(replayed.messages()).hasSize(2);
        Message assistant = replayed.messages().get(1);
        assertThat(assistant.role()).isEqualTo(Role.ASSISTANT);
        assertThat(assistant.blocks()).isEqualTo(response.content());
    }

    private static ObjectNode userMessage() {
        ObjectNode message = dev.parley.core.codec.Json.objectNode();
        message.put("role", "user");
        message.put("content", "go");
        return message;
    }

    static ChatResponse foreignAnswer() {
        Signature anthropic = new Signature(Protocol.ANTHROPIC_MESSAGES, "EqQBCkYIBxgCKkA-sig");
        Signature gemini = new Signature(Protocol.GEMINI, "CiQB0e2Kb-thought");
        return new ChatResponse("msg_01XYZ", "claude-sonnet-4-5", List.of(
                new Block.Thinking("Plan the edit.", Optional.of(anthropic)),
                new Block.RedactedThinking(new Signature(Protocol.ANTHROPIC_MESSAGES, "EmwKAhgBEgy-redacted")),
                new Block.Text("Patching now."),
                new Block.ToolCall("toolu_01", "apply_patch", "{\"input\":\"*** Begin Patch\\n*** End Patch\"}",
                        Optional.empty()),
                new Block.ToolCall("toolu_02", "multi_agent_v1__spawn_agent", "{\"task\":\"review\"}", Optional.empty()),
                new Block.ToolCall("toolu_03", "local_shell", "{\"command\":[\"ls\",\"-la\"],\"workdir\":\"/tmp\"}",
                        Optional.empty()),
                new Block.ToolCall("call_g1", "exec_command", "{\"cmd\":\"date\"}", Optional.of(gemini))),
                FinishReason.TOOL_CALLS, Optional.empty(),
                new TokenUsage(100, 50, 2000, 300, 20, TokenUsage.Source.REPORTED));
    }
}
