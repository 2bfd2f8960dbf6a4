package dev.parley.testkit;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a request asks for, decided from its method and path alone, as a provider's front end would. */
sealed interface Route {

    /** A model turn. Gemini names the model and the streaming mode in the path; the others in the body. */
    record Generate(WireFormat format, Optional<String> pathModel, boolean pathStreaming) implements Route {}

    record CountTokens(WireFormat format) implements Route {}

    record ListModels(WireFormat format) implements Route {}

    record Embed(EmbedApi api) implements Route {}

    record NotFound() implements Route {}

    enum EmbedApi { OPENAI, GEMINI_SINGLE, GEMINI_BATCH }

    /** {@code /v1beta/models/gemini-2.5-pro:generateContent}; v1 and v1alpha are accepted as SDKs allow them. */
    Pattern GEMINI_METHOD = Pattern.compile("/(?:v1beta|v1|v1alpha)/models/([^/:]+):([A-Za-z]+)");

    static Route resolve(HttpMethod method, String path, MultiMap headers) {
        if (HttpMethod.GET.equals(method)) {
            return switch (path) {
                case "/v1/models", "/models" -> new ListModels(
                        headers.contains("anthropic-version") ? WireFormat.ANTHROPIC : WireFormat.OPENAI_CHAT);
                case "/v1beta/models" -> new ListModels(WireFormat.GEMINI);
                default -> new NotFound();
            };
        }
        if (!HttpMethod.POST.equals(method)) {
            return new NotFound();
        }
        return switch (path) {
            case "/v1/chat/completions", "/chat/completions" ->
                    new Generate(WireFormat.OPENAI_CHAT, Optional.empty(), false);
            case "/v1/responses", "/responses" -> new Generate(WireFormat.OPENAI_RESPONSES, Optional.empty(), false);
            case "/v1/messages", "/messages" -> new Generate(WireFormat.ANTHROPIC, Optional.empty(), false);
            case "/v1/messages/count_tokens", "/messages/count_tokens" -> new CountTokens(WireFormat.ANTHROPIC);
            case "/v1/embeddings", "/embeddings" -> new Embed(EmbedApi.OPENAI);
            default -> gemini(path);
        };
    }

    private static Route gemini(String path) {
        Matcher matcher = GEMINI_METHOD.matcher(path);
        if (!matcher.matches()) {
            return new NotFound();
        }
        Optional<String> model = Optional.of(URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8));
        return switch (matcher.group(2)) {
            case "generateContent" -> new Generate(WireFormat.GEMINI, model, false);
            case "streamGenerateContent" -> new Generate(WireFormat.GEMINI, model, true);
            case "countTokens" -> new CountTokens(WireFormat.GEMINI);
            case "embedContent" -> new Embed(EmbedApi.GEMINI_SINGLE);
            case "batchEmbedContents" -> new Embed(EmbedApi.GEMINI_BATCH);
            default -> new NotFound();
        };
    }
}
