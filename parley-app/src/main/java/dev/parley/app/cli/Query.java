package dev.parley.app.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A path with its query parameters, each encoded; absent ones are left out. */
final class Query {

    private final String path;
    private final Map<String, String> params = new LinkedHashMap<>();

    private Query(String path) {
        this.path = path;
    }

    static Query of(String path) {
        return new Query(path);
    }

    Query with(String name, Optional<String> value) {
        value.ifPresent(v -> params.put(name, v));
        return this;
    }

    Query flag(String name, boolean on) {
        if (on) {
            params.put(name, "true");
        }
        return this;
    }

    @Override
    public String toString() {
        if (params.isEmpty()) {
            return path;
        }
        return path + "?" + params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** One segment of a path, such as an id given on the command line. */
    static String segment(String text) {
        return encode(text).replace("+", "%20");
    }
}
