package dev.parley.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gemini method path, {@code /v1beta/models/{model}:{method}}: Gemini names the model and the streaming mode in
 * the URL. SDKs may override the API version ({@code v1}, {@code v1alpha}) and may send the model as
 * {@code models/x}.
 */
record GeminiPath(String version, String model, String method) {

    private static final Pattern PATH = Pattern.compile("/(v1beta|v1|v1alpha)/models/([^:]+):([A-Za-z]+)");
    private static final Pattern MODEL = Pattern.compile("/(v1beta|v1|v1alpha)/models/([^:/]+)");

    static Optional<GeminiPath> parse(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new GeminiPath(m.group(1), modelName(m.group(2)), m.group(3)));
    }

    /** The model of {@code GET /v1beta/models/{model}}, if the path is one. */
    static Optional<String> modelOfGet(String path) {
        Matcher m = MODEL.matcher(path);
        return m.matches() ? Optional.of(modelName(m.group(2))) : Optional.empty();
    }

    private static String modelName(String raw) {
        String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        return decoded.startsWith("models/") ? decoded.substring("models/".length()) : decoded;
    }

    boolean streaming() {
        return method.equals("streamGenerateContent");
    }

    /** The same method on the upstream model; streams ask for SSE, the only framing Parley reads. */
    String upstreamPath(String upstreamModel, boolean stream) {
        return "/" + version + "/models/" + upstreamModel + ":" + method + (stream ? "?alt=sse" : "");
    }
}
