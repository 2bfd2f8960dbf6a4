package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where Parley keeps keys and usage. Accepted forms: {@code sqlite:PATH}, {@code jdbc:sqlite:PATH},
 * {@code postgresql://...}, {@code postgres://...} and {@code jdbc:postgresql://...}.
 */
public record StorageSettings(String url) {

    /** The database behind a URL. */
    public enum Kind {
        SQLITE,
        POSTGRESQL
    }

    private record Scheme(String prefix, Kind kind) {}

    private static final List<Scheme> SCHEMES = List.of(
            new Scheme("sqlite:", Kind.SQLITE),
            new Scheme("jdbc:sqlite:", Kind.SQLITE),
            new Scheme("postgresql://", Kind.POSTGRESQL),
            new Scheme("postgres://", Kind.POSTGRESQL),
            new Scheme("jdbc:postgresql://", Kind.POSTGRESQL));

    static final String FORMS = "sqlite:PATH, jdbc:sqlite:PATH, postgresql://..., postgres://... or jdbc:postgresql://...";

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&][a-z]*password=)[^&#]*");

    public StorageSettings {
        Objects.requireNonNull(url, "url");
        check(problem(url).isEmpty(), "unsupported storage url; expected " + FORMS);
    }

    /** The default database: a SQLite file in the data folder, so a first start needs no setup. */
    public static StorageSettings defaultFor(String dataDir) {
        var folder = dataDir.endsWith("/") ? dataDir.substring(0, dataDir.length() - 1) : dataDir;
        return new StorageSettings("sqlite:" + folder + "/parley.db");
    }

    public Kind kind() {
        return scheme(url).orElseThrow().kind();
    }

    /** Why {@code url} is not usable, if it is not. Never quotes the URL: it may carry a database password. */
    static Optional<String> problem(String url) {
        var scheme = scheme(url);
        if (scheme.isEmpty()) {
            return Optional.of("expected " + FORMS);
        }
        if (url.length() == scheme.get().prefix().length()) {
            return Optional.of(scheme.get().kind() == Kind.SQLITE
                    ? "expected a database file after \"" + scheme.get().prefix() + "\""
                    : "expected a host after \"" + scheme.get().prefix() + "\"");
        }
        return Optional.empty();
    }

    private static Optional<Scheme> scheme(String url) {
        return SCHEMES.stream().filter(scheme -> url.startsWith(scheme.prefix())).findFirst();
    }

    /** The URL with any password replaced by {@code ****}, fit for logs. */
    public String redacted() {
        return PASSWORD_PARAMETER.matcher(withoutUserPassword(url)).replaceAll("$1****");
    }

    /**
     * Masks the password of {@code scheme://user:password@host}. Passwords are often written without
     * percent-encoding, so the user-info runs to the last {@code @} before the query, not to the first {@code /}.
     */
    private static String withoutUserPassword(String url) {
        var authority = url.indexOf("//");
        if (authority < 0) {
            return url;
        }
        var query = url.indexOf('?', authority);
        var at = url.lastIndexOf('@', query < 0 ? url.length() - 1 : query - 1);
        var colon = url.indexOf(':', authority + 2);
        return at > authority && colon > authority && colon < at
                ? url.substring(0, colon + 1) + "****" + url.substring(at)
                : url;
    }

    @Override
    public String toString() {
        return "StorageSettings[url=" + redacted() + "]";
    }
}
