package dev.parley.core.codec.responses;

import dev.parley.core.codec.Json;
import dev.parley.core.model.Tool;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses {@code local_shell} tool, which only OpenAI models run natively: elsewhere it is a function
 * {@code local_shell} taking {@code {command, workdir?, timeout_ms?}}, and a call to it goes back to the client
 * as the {@code local_shell_call} item it expects.
 */
final class LocalShell {

    static final String NAME = "local_shell";
    static final String DESCRIPTION = "Runs a shell command on the user's machine and returns its output.";
    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"command\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"workdir\":{\"type\":\"string\"},"
            + "\"timeout_ms\":{\"type\":\"integer\"}},"
            + "\"required\":[\"command\"]}";
    private static final JsonNode SCHEMA_TREE = Json.parse(SCHEMA, "local_shell");

    private LocalShell() {
    }

    static Tool.Function tool() {
        return new Tool.Function(NAME, DESCRIPTION, SCHEMA, Optional.empty());
    }

    /** Whether the client declared the hosted local shell (as opposed to a function it happened to name so). */
    static boolean declared(List<Tool> tools) {
        for (Tool tool : tools) {
            if (tool instanceof Tool.Function f && f.name().equals(NAME) && sameSchema(f.parameters())) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameSchema(String parameters) {
        try {
            return SCHEMA_TREE.equals(Json.MAPPER.readTree(parameters));
        } catch (JacksonException e) {
            return false;
        }
    }

    /** A {@code local_shell_call} action as the function's arguments. */
    static String arguments(JsonNode action) {
        ObjectNode args = Json.objectNode();
        args.set("command", action.path("command").isArray() ? action.get("command") : Json.arrayNode());
        Fields.text(action, "working_directory").ifPresent(dir -> args.put("workdir", dir));
        if (action.path("timeout_ms").isIntegralNumber()) {
            args.set("timeout_ms", action.get("timeout_ms"));
        }
        for (String kept : List.of("env", "user")) {
            if (Fields.present(action.path(kept))) {
                args.set(kept, action.get(kept));
            }
        }
        return Json.text(args);
    }

    /** The action for the function's arguments, if they hold a command as a list of strings. */
    static Optional<ObjectNode> action(String arguments) {
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(arguments);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (args == null || !args.path("command").isArray()) {
            return Optional.empty();
        }
        for (JsonNode part : args.get("command").values()) {
            if (!part.isString()) {
                return Optional.empty();
            }
        }
        ObjectNode action = Json.objectNode();
        action.put("type", "exec");
        action.set("command", args.get("command"));
        if (args.path("timeout_ms").isIntegralNumber()) {
            action.set("timeout_ms", args.get("timeout_ms"));
        }
        Fields.text(args, "workdir").ifPresent(dir -> action.put("working_directory", dir));
        for (String kept : List.of("env", "user")) {
            if (Fields.present(args.path(kept))) {
                action.set(kept, args.get(kept));
            }
        }
        return Optional.of(action);
    }
}
