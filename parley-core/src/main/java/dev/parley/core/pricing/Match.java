package dev.parley.core.pricing;

import java.util.List;
import java.util.regex.Pattern;

/** A rule of the price database on a model or provider name: one of its clauses, or several combined. */
sealed interface Match {

    boolean matches(String name);

    record Equals(String text) implements Match {
        @Override
        public boolean matches(String name) {
            return name.equals(text);
        }
    }

    record StartsWith(String prefix) implements Match {
        @Override
        public boolean matches(String name) {
            return name.startsWith(prefix);
        }
    }

    record EndsWith(String suffix) implements Match {
        @Override
        public boolean matches(String name) {
            return name.endsWith(suffix);
        }
    }

    record Contains(String part) implements Match {
        @Override
        public boolean matches(String name) {
            return name.contains(part);
        }
    }

    /** Found anywhere in the name, as the database's own tools search with it. */
    record Regex(Pattern pattern) implements Match {
        @Override
        public boolean matches(String name) {
            return pattern.matcher(name).find();
        }
    }

    record AnyOf(List<Match> clauses) implements Match {
        public AnyOf {
            clauses = List.copyOf(clauses);
        }

        @Override
        public boolean matches(String name) {
            return clauses.stream().anyMatch(clause -> clause.matches(name));
        }
    }

    record AllOf(List<Match> clauses) implements Match {
        public AllOf {
            clauses = List.copyOf(clauses);
        }

        @Override
        public boolean matches(String name) {
            return clauses.stream().allMatch(clause -> clause.matches(name));
        }
    }
}
