package dev.parley.store;

import java.util.ArrayList;
import java.util.List;

/** The conditions of a listing's WHERE clause, each with its parameters, built from the filters that are set. */
final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    Where and(String condition, Object... values) {
        conditions.add(condition);
        parameters.addAll(List.of(values));
        return this;
    }

    /** {@code " WHERE a AND b"}, or nothing when no condition is set. */
    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    List<Object> parameters() {
        return List.copyOf(parameters);
    }
}
