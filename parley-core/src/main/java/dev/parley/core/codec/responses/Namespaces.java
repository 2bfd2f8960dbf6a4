package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Tool;
import dev.parley.core.protocol.Protocol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Responses {@code namespace} tools (Codex groups MCP and agent tools in them). No other protocol has them, so
 * their functions become plain tools named {@code <namespace>__<name>}. A hosted-tool marker that no upstream
 * receives records which names were flattened, so an answer can give Codex back the name and namespace it
 * declared: the internal model has no other place for it, and a name merely containing {@code __} is not proof.
 */
final class Namespaces {

    static final String SEPARATOR = "__";
    private static final String MARKER_PREFIX = "namespace:";

    /** A tool name as the client declared it: inside a namespace or not. */
    record Qualified(Optional<String> namespace, String name) {
    }

    private Namespaces() {
    }

    static String flatten(String namespace, String name) {
        return namespace + SEPARATOR + name;
    }

    static Tool.Hosted marker(String namespace, List<String> members) {
        ObjectNode definition = Json.objectNode();
        definition.put("type", "namespace");
        definition.put("name", namespace);
        ArrayNode names = definition.putArray("members");
        members.forEach(names::add);
        return new Tool.Hosted(Protocol.OPENAI_RESPONSES, MARKER_PREFIX + namespace, Json.text(definition));
    }

    static boolean isMarker(Tool tool) {
        return tool instanceof Tool.Hosted hosted && hosted.origin() == Protocol.OPENAI_RESPONSES
                && hosted.name().startsWith(MARKER_PREFIX);
    }

    /** Flattened name to the client's namespace and name, for every namespace the request declared. */
    static Map<String, Qualified> declared(List<Tool> tools) {
        Map<String, Qualified> names = new HashMap<>();
        for (Tool tool : tools) {
            if (tool instanceof Tool.Hosted hosted && isMarker(hosted)) {
                JsonNode definition = Json.parse(hosted.definition(), "namespace");
                String namespace = definition.path("name").asString("");
                for (JsonNode member : definition.path("members").values()) {
                    String name = member.asString("");
                    names.put(flatten(namespace, name), new Qualified(Optional.of(namespace), name));
                }
            }
        }
        return Map.copyOf(names);
    }
}
