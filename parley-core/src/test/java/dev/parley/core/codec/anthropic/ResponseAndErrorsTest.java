package dev.parley.core.codec.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Json;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.FinishReason;
import dev.parley.core.model.Signature;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.usage.TokenUsage;
import dev.parley.core.usage.UsageAudit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ResponseAndErrorsTest {

    private final AnthropicCodec codec = new AnthropicCodec();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ApiError error(int status, String body) {
        return codec.parseError(status, utf8(body));
    }

    private static String anthropicError(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},\"request_id\":\"req_1\"}";
    }

    /** H12: the wording Claude Code reacts to is kept, and the kind says what happened. */
    @Test
    void contextOverflowKeepsItsWording() {
        String tooLong = "prompt is too long: 208101 tokens > 200000 maximum";
        assertThat(error(400, anthropicError("invalid_request_error", tooLong)))
                .isEqualTo(ApiError.of(ErrorKind.CONTEXT_LENGTH, tooLong));
        String exceed = "input length and `max_tokens` exceed context limit: 199323 + 20000 > 200000, decrease input length or `max_tokens` and try again";
        assertThat(error(400, anthropicError("invalid_request_error", exceed)).kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
        assertThat(error(413, anthropicError("request_too_large", tooLong)).kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    }

    @Test
    void kindsFromTypeAndStatus() {
        assertThat(error(529, anthropicError("overloaded_error", "Overloaded")))
                .isEqualTo(ApiError.of(ErrorKind.OVERLOADED, "Overloaded"));
        assertThat(error(529, "{}").kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(error(429, anthropicError("rate_limit_error", "slow")).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error(402, anthropicError("billing_error", "pay")).kind()).isEqualTo(ErrorKind.BILLING);
        assertThat(error(413, anthropicError("request_too_large", "Request exceeds the maximum size")).kind())
                .isEqualTo(ErrorKind.PAYLOAD_TOO_LARGE);
        assertThat(error(401, anthropicError("authentication_error", "invalid x-api-key")).kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error(403, anthropicError("permission_error", "no")).kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(error(404, anthropicError("not_found_error", "model: x")).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(error(500, anthropicError("api_error", "Internal server error")).kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(error(504, anthropicError("timeout_error", "late")).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(error(400, anthropicError("invalid_request_error", "messages: bad")).kind())
                .isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(error(404, anthropicError("something_new", "gone")).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void anyBodyParsesWithoutThrowing() {
        ApiError html = error(502, "<html><body>Bad Gateway</body></html>");
        assertThat(html.kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(html.message()).contains("502").contains("Bad Gateway");
        assertThat(error(503, "").kind()).isEqualTo(ErrorKind.OVERLOADED);
        assertThat(error(400, "[1,2]").message()).contains("400");
        assertThat(error(429, "{\"error\":\"quota\"}")).isEqualTo(ApiError.of(ErrorKind.RATE_LIMITED, "quota"));
        assertThat(codec.parseError(500, new byte[] {(byte) 0xff, 0, 1}).kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(error(500, "x".repeat(5000)).message().length()).isLessThan(400);
    }

    @Test
    void upstreamAnswersMustBeMessages() {
        assertThatThrownBy(() -> codec.parseResponse(utf8("{\"type\":\"error\"}"))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.parseResponse(utf8("nope"))).isInstanceOf(CodecException.class);
    }

    @Test
    void upstreamAnswerStopReasons() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"c\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],"
                + "\"stop_reason\":\"%s\",\"stop_sequence\":%s,\"usage\":{\"input_tokens\":1,\"output_tokens\":2,"
                + "\"output_tokens_details\":{\"thinking_tokens\":1}}}";
        ChatResponse stop = codec.parseResponse(utf8(body.formatted("stop_sequence", "\"###\"")));
        assertThat(stop.finish()).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(stop.stopSequence()).hasValue("###");
        assertThat(UsageAudit.counts(stop.usage())).isEqualTo(new TokenUsage(1, 2, 0, 0, 1, TokenUsage.Source.REPORTED));
        assertThat(codec.parseResponse(utf8(body.formatted("refusal", "null"))).finish()).isEqualTo(FinishReason.REFUSAL);
        assertThat(codec.parseResponse(utf8(body.formatted("pause_turn", "null"))).finish()).isEqualTo(FinishReason.PAUSE);
        assertThat(codec.parseResponse(utf8(body.formatted("tool_use", "null"))).finish()).isEqualTo(FinishReason.END_TURN);
    }

    @Test
    void answersForClientsShowTheirModelAndHideUnaskedThinking() {
        ChatResponse response = new ChatResponse("chatcmpl-1", "gpt-5", List.of(
                new Block.Thinking("secret", Optional.of(new Signature(Protocol.OPENAI_RESPONSES, "e"))),
                new Block.Text("hi")), FinishReason.CONTENT_FILTER, Optional.empty(), TokenUsage.NONE);

        JsonNode body = Json.MAPPER.readTree(codec.writeResponse(response, ChatRequest.builder("claude-haiku").build()));

        assertThat(body.path("id").asString()).isEqualTo("msg_chatcmpl-1");
        assertThat(body.path("model").asString()).isEqualTo("claude-haiku");
        assertThat(body.path("content")).hasSize(1);
        assertThat(body.at("/content/0/text").asString()).isEqualTo("hi");
        assertThat(body.path("stop_reason").asString()).isEqualTo("refusal");
    }

    @Test
    void countTokens() {
        ChatRequest request = codec.parseCountTokensRequest(utf8("{\"model\":\"claude-x\",\"system\":\"s\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},"
                + "\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"}}]}"));

        UpstreamCall call = codec.writeCountTokensRequest(request, "claude-sonnet-4-5");

        assertThat(call.path()).isEqualTo("/v1/messages/count_tokens");
        JsonNode body = Json.MAPPER.readTree(call.body());
        assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.has("messages")).isTrue();
        assertThat(body.has("tools")).isTrue();
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("thinking")).isFalse();
        assertThat(codec.parseCountTokensResponse(utf8("{\"input_tokens\":2095}"))).isEqualTo(2095);
        assertThatThrownBy(() -> codec.parseCountTokensResponse(utf8("{\"tokens\":1}"))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.parseCountTokensResponse(utf8("{\"input_tokens\":123456789012345678901234567890}")))
                .isInstanceOf(CodecException.class);
        assertThat(new String(codec.writeCountTokensResponse(2095), StandardCharsets.UTF_8)).isEqualTo("{\"input_tokens\":2095}");
    }

    @Test
    void theCodecIsRegisteredForItsProtocol() {
        assertThat(dev.parley.core.codec.Codecs.client(Protocol.ANTHROPIC_MESSAGES)).isInstanceOf(AnthropicCodec.class);
        assertThat(codec.protocol()).isEqualTo(Protocol.ANTHROPIC_MESSAGES);
        assertThat(codec.parseRequest(utf8("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}"),
                new RequestTarget(Optional.of("ignored"), true)).model()).isEqualTo("m");
    }
}
