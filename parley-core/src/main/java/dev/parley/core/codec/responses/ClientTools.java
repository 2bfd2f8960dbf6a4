package dev.parley.core.codec.responses;

import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Tool;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the client declared about its tools, for writing calls back in the item type it expects: freeform
 * ({@code custom_tool_call}), the local shell ({@code local_shell_call}) or a function, with its namespace.
 */
record ClientTools(Set<String> custom, Map<String, Namespaces.Qualified> namespaced, boolean localShell) {

    enum Kind { FUNCTION, CUSTOM, LOCAL_SHELL }

    static ClientTools of(ChatRequest request) {
        Set<String> custom = request.tools().stream()
                .filter(Tool.Custom.class::isInstance)
                .map(Tool::name)
                .collect(Collectors.toUnmodifiableSet());
        return new ClientTools(custom, Namespaces.declared(request.tools()), LocalShell.declared(request.tools()));
    }

    Kind kind(String name) {
        if (custom.contains(name)) {
            return Kind.CUSTOM;
        }
        return localShell && name.equals(LocalShell.NAME) ? Kind.LOCAL_SHELL : Kind.FUNCTION;
    }

    /** The name and namespace the client declared for a (possibly flattened) tool name. */
    Namespaces.Qualified qualified(String name) {
        return namespaced.getOrDefault(name, new Namespaces.Qualified(Optional.empty(), name));
    }
}
