package dev.parley.core.codec;

import dev.parley.core.model.Tool;
import dev.parley.core.protocol.Protocol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tool names made valid for a protocol (OpenAI: {@code [a-zA-Z0-9_-]{1,64}}; Anthropic: the same up to 128;
 * Gemini: up to 128, starting with a letter or underscore, also {@code .} and {@code :}). Too-long names become
 * their first 55 characters, an underscore and a hash, so the mapping is derivable from the request's own tool
 * list and needs no state: writers call {@link #forProtocol}, and the answer's names go back through
 * {@link #restorer}.
 */
public final class ToolNames {

    private static final Pattern OPENAI = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern ANTHROPIC = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
    private static final Pattern GEMINI = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}");

    private ToolNames() {
    }

    /** The name a tool has on an upstream of {@code protocol}; valid names pass unchanged. */
    public static String forProtocol(String name, Protocol protocol) {
        Pattern valid = switch (protocol) {
            case OPENAI_CHAT, OPENAI_RESPONSES -> OPENAI;
            case ANTHROPIC_MESSAGES -> ANTHROPIC;
            case GEMINI -> GEMINI;
        };
        if (valid.matcher(name).matches()) {
            return name;
        }
        String cleaned = IdChars.safe(name);
        if (cleaned.isEmpty() || !(Character.isLetter(cleaned.charAt(0)) || cleaned.charAt(0) == '_')) {
            cleaned = "_" + cleaned;
        }
        // The hash of the original keeps two names apart that differ only in what was cut or replaced.
        return cleaned.substring(0, Math.min(55, cleaned.length())) + "_" + ToolIds.hash(name, 8);
    }

    /** Upstream name to client name, for every tool of the request whose name had to change. */
    public static Map<String, String> restorer(List<Tool> tools, Protocol upstream) {
        Map<String, String> back = new HashMap<>();
        for (Tool tool : tools) {
            String upstreamName = forProtocol(tool.name(), upstream);
            if (!upstreamName.equals(tool.name())) {
                back.put(upstreamName, tool.name());
            }
        }
        return Map.copyOf(back);
    }
}
