package dev.parley.core.model;

import java.util.List;
import java.util.Objects;

/** How the model may use the tools. */
public sealed interface ToolChoice {

    record Auto() implements ToolChoice {
    }

    record None() implements ToolChoice {
    }

    /** It must call at least one tool. */
    record Required() implements ToolChoice {
    }

    /** It must call this tool. */
    record Named(String name) implements ToolChoice {
        public Named {
            Objects.requireNonNull(name, "name");
        }
    }

    /** It may call only these tools; {@code required} says whether it must call one. */
    record Allowed(List<String> names, boolean required) implements ToolChoice {
        public Allowed {
            names = List.copyOf(names);
        }
    }
}
