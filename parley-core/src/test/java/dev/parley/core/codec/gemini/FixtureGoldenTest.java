package dev.parley.core.codec.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Effort;
import dev.parley.core.model.Message;
import dev.parley.core.model.ResponseFormat;
import dev.parley.core.model.Role;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Gemini CLI's captured requests, read and written back to a Gemini upstream. */
class FixtureGoldenTest {

    private final GeminiCodec codec = new GeminiCodec();

    @ParameterizedTest
    @ValueSource(strings = {"gemini-cli-router-generatecontent", "gemini-cli-streamgeneratecontent-first-turn",
            "gemini-cli-streamgeneratecontent-tool-result"})
    void writesTheCapturedRequestBackToGemini(String fixture) {
        ChatRequest request = parse(fixture);
        UpstreamCall call = codec.writeRequest(request, request.model());

        ObjectNode golden = Json.objectNode();
        golden.put("path", call.path());
        golden.set("body", Json.MAPPER.readTree(call.body()));
        Golden.assertJson("fixtures/" + fixture + ".json", Json.bytes(golden));
    }

    @Test
    void routerCallIsANonStreamingJsonSchemaRequest() {
        ChatRequest request = parse("gemini-cli-router-generatecontent");

        assertThat(request.model()).isEqualTo("gemini-3.5-flash-lite");
        assertThat(request.stream()).isFalse();
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.USER);
        assertThat(request.responseFormat()).get().isInstanceOfSatisfying(ResponseFormat.JsonSchema.class, s -> {
            JsonNode schema = Json.parse(s.schema(), "schema");
            // H7: Gemini CLI sends OpenAPI-style upper-case types; the internal model holds JSON Schema.
            assertThat(schema.path("type").asString()).isEqualTo("object");
            assertThat(schema.path("properties").path("complexity_score").path("type").asString()).isEqualTo("integer");
        });
        assertThat(request.reasoning()).get().satisfies(r -> {
            assertThat(r.effort()).contains(Effort.HIGH);
            assertThat(r.showThoughts()).isTrue();
        });
        assertThat(request.temperature()).hasValue(1.0);
        assertThat(request.topK()).hasValue(64);
    }

    @Test
    void toolResultTurnKeepsTheClientsIdsAndDropsTheSyntheticSignature() {
        ChatRequest request = parse("gemini-cli-streamgeneratecontent-tool-result");

        assertThat(request.stream()).isTrue();
        assertThat(request.tools()).hasSize(15);
        Block.ToolCall call = (Block.ToolCall) request.messages().get(1).blocks().getFirst();
        assertThat(call.id()).isEqualTo("run_shell_command_1795480149499_0");
        assertThat(call.name()).isEqualTo("run_shell_command");
        assertThat(Json.parse(call.arguments(), "args").path("command").asString()).isEqualTo("echo TOOL_OK");
        // H1/H23: "skip_thought_signature_validator" is Gemini CLI's placeholder, not a signature.
        assertThat(call.signature()).isEmpty();
        Block.ToolResult result = (Block.ToolResult) request.messages().get(2).blocks().getFirst();
        assertThat(result.callId()).isEqualTo(call.id());
        assertThat(result.name()).contains("run_shell_command");
        assertThat(result.isError()).isFalse();
        assertThat(result.text()).startsWith("lorem ipsum");
    }

    private ChatRequest parse(String fixture) {
        JsonNode captured = Json.MAPPER.readTree(Golden.fixture(fixture));
        String path = captured.path("path").asString();
        String model = path.substring(path.indexOf("/models/") + "/models/".length(), path.lastIndexOf(':'));
        RequestTarget target = new RequestTarget(Optional.of(model), path.endsWith(":streamGenerateContent"));
        byte[] body = Json.text(captured.get("body")).getBytes(StandardCharsets.UTF_8);
        return codec.parseRequest(body, target);
    }
}
