package dev.parley.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A database location as an operator writes it in the configuration, parsed into what the drivers need.
 * Accepted forms: {@code sqlite:PATH}, {@code jdbc:sqlite:PATH}, {@code postgresql://user:password@host:port/db},
 * {@code postgres://...} and {@code jdbc:postgresql://...}.
 */
sealed interface DatabaseUrl {

    /** The same location with every password replaced by {@code ***}: the only form that may be logged. */
    String masked();

    Database.Kind kind();

    /** An SQLite database file. */
    record Sqlite(Path file) implements DatabaseUrl {
        @Override
        public String masked() {
            return "sqlite:" + file;
        }

        @Override
        public Database.Kind kind() {
            return Database.Kind.SQLITE;
        }

        String jdbcUrl() {
            return "jdbc:sqlite:" + file;
        }
    }

    /**
     * A PostgreSQL database. Credentials from the {@code user:password@} part travel beside the JDBC URL rather
     * than inside it, so that nothing downstream (pool, driver, migration tool) ever sees them in a URL.
     */
    record Postgres(String jdbcUrl, Optional<String> user, Optional<String> password) implements DatabaseUrl {
        @Override
        public String masked() {
            return mask(jdbcUrl) + user.map(u -> " as " + u).orElse("") + password.map(p -> " (password ***)").orElse("");
        }

        @Override
        public Database.Kind kind() {
            return Database.Kind.POSTGRESQL;
        }

        @Override
        public String toString() {
            return "Postgres[" + masked() + "]";
        }
    }

    /** Masks passwords in any URL-shaped text, parsable or not; used for error messages about bad URLs too. */
    static String mask(String url) {
        // First user:password@ in the authority, then every parameter ending in "password" (sslpassword too).
        return url.replaceAll("(://[^/@:]*:)[^@/]*@", "$1***@")
                .replaceAll("(?i)([?&;][^=&;]*password=)[^&;]*", "$1***");
    }

    static DatabaseUrl parse(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("sqlite:")) {
            return sqlite(url.strip().substring("sqlite:".length()), url);
        }
        if (lower.startsWith("jdbc:sqlite:")) {
            return sqlite(url.strip().substring("jdbc:sqlite:".length()), url);
        }
        if (lower.startsWith("jdbc:postgresql://")) {
            return new Postgres(url.strip(), Optional.empty(), Optional.empty());
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return postgres(url.strip());
        }
        throw new IllegalArgumentException("unsupported database URL " + mask(url)
                + "; expected sqlite:PATH, jdbc:sqlite:PATH, postgresql://user@host:port/db or jdbc:postgresql://...");
    }

    private static Sqlite sqlite(String path, String url) {
        // An in-memory or URI-style database would give each pooled connection its own private database.
        if (path.isBlank() || path.startsWith(":memory:") || path.startsWith("file:") || path.contains("?")) {
            throw new IllegalArgumentException("SQLite URL " + mask(url) + " must name a plain database file path");
        }
        try {
            return new Sqlite(Path.of(path));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("SQLite URL " + mask(url) + " has an invalid path", e);
        }
    }

    private static Postgres postgres(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed PostgreSQL URL " + mask(url));
        }
        if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
            throw new IllegalArgumentException("PostgreSQL URL " + mask(url) + " must name a host and a database");
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
        Optional<String> userInfo = Optional.ofNullable(uri.getUserInfo());
        Optional<String> user = userInfo.map(info -> info.split(":", 2)[0]).filter(u -> !u.isEmpty());
        Optional<String> password = userInfo.filter(info -> info.contains(":")).map(info -> info.split(":", 2)[1]);
        return new Postgres(jdbcUrl, user, password);
    }
}
