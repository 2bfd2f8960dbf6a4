package dev.parley.core.config;

import static dev.parley.core.config.Checks.check;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One upstream account: an API, where it is, and the keys to call it with.
 *
 * @param name unique; clients may address a model as {@code name/model}, so it never contains a slash
 * @param baseUrl without a trailing slash, so paths can be appended as they are
 * @param keys the upstream API keys, used in turn; empty only for types that allow anonymous calls
 * @param headers extra headers sent with every upstream call
 * @param timeouts the {@code timeouts} keys this provider sets, over the top-level ones; a model's own win over these
 * @param rpm requests per minute each of the keys may be sent, when the account has a known limit
 * @param tpm tokens per minute each of the keys may use (counted from the answers' usage), when known
 * @param healthCheck the scheduled check made while one of its channels has an open circuit, if any
 * @param region where the provider keeps and processes data (e.g. {@code eu-west}), for access rules that keep a
 *               team's traffic in a region; untagged, a provider passes no rule that lists regions
 * @param tls which authorities its certificate is checked against (always checked, host name included)
 * @param forwardHeaders the client request headers this provider is sent, lowercased ({@code forward_headers}; by
 *                       default its type's protocol headers, {@link ForwardHeaders#defaults}); never a credential
 * @param allowLinkLocal {@code allow_link_local}: whether Parley may call it on a link-local or cloud metadata
 *                       address ({@link UpstreamAddress}), whether the base URL names one or its host name resolves
 *                       to one when Parley connects
 */
public record ProviderConfig(
        String name,
        ProviderType type,
        URI baseUrl,
        List<Secret> keys,
        Map<String, String> headers,
        TimeoutOverrides timeouts,
        OptionalInt rpm,
        OptionalLong tpm,
        Optional<HealthCheck> healthCheck,
        Optional<String> region,
        UpstreamTls tls,
        List<String> forwardHeaders,
        boolean allowLinkLocal) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]*");
    static final String NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit";
    private static final Pattern REGION = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]*");
    static final String REGION_RULE = "a tag of letters, digits, '.', '_' and '-', such as eu-west";

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(rpm, "rpm");
        Objects.requireNonNull(tpm, "tpm");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(tls, "tls");
        keys = List.copyOf(keys);
        headers = Map.copyOf(headers);
        forwardHeaders = ForwardHeaders.normalized(forwardHeaders);
        check(forwardHeaders.stream().allMatch(h -> ForwardHeaders.problem(h).isEmpty()),
                "forwardHeaders must not name a credential or a header Parley sets");
        check(isValidName(name), "provider name must be " + NAME_RULE);
        check(baseUrlProblem(baseUrl).isEmpty(), "baseUrl must be an absolute http(s) URL without credentials");
        baseUrl = normalized(baseUrl);
        check(!keys.isEmpty() || !type.requiresKey(), "a provider of type " + type.wireName() + " needs a key");
        check(headers.entrySet().stream().allMatch(ProviderConfig::isValidHeader), "invalid header");
        check(rpm.orElse(1) >= 1, "rpm must be at least 1");
        check(tpm.orElse(1) >= 1, "tpm must be at least 1");
        check(region.map(ProviderConfig::isValidRegion).orElse(true), "region must be " + REGION_RULE);
    }

    /** A provider that may not be called on a link-local or cloud metadata address. */
    public ProviderConfig(String name, ProviderType type, URI baseUrl, List<Secret> keys, Map<String, String> headers,
                          TimeoutOverrides timeouts, OptionalInt rpm, OptionalLong tpm,
                          Optional<HealthCheck> healthCheck, Optional<String> region, UpstreamTls tls,
                          List<String> forwardHeaders) {
        this(name, type, baseUrl, keys, headers, timeouts, rpm, tpm, healthCheck, region, tls, forwardHeaders, false);
    }

    /** A provider that forwards its type's protocol headers. */
    public ProviderConfig(String name, ProviderType type, URI baseUrl, List<Secret> keys, Map<String, String> headers,
                          TimeoutOverrides timeouts, OptionalInt rpm, OptionalLong tpm,
                          Optional<HealthCheck> healthCheck, Optional<String> region, UpstreamTls tls) {
        this(name, type, baseUrl, keys, headers, timeouts, rpm, tpm, healthCheck, region, tls,
                ForwardHeaders.defaults(type));
    }

    /** A provider whose certificate is checked against the JDK's default trust store. */
    public ProviderConfig(String name, ProviderType type, URI baseUrl, List<Secret> keys, Map<String, String> headers,
                          TimeoutOverrides timeouts, OptionalInt rpm, OptionalLong tpm,
                          Optional<HealthCheck> healthCheck, Optional<String> region) {
        this(name, type, baseUrl, keys, headers, timeouts, rpm, tpm, healthCheck, region, UpstreamTls.DEFAULT);
    }

    /** A provider without a region tag. */
    public ProviderConfig(String name, ProviderType type, URI baseUrl, List<Secret> keys, Map<String, String> headers,
                          TimeoutOverrides timeouts, OptionalInt rpm, OptionalLong tpm,
                          Optional<HealthCheck> healthCheck) {
        this(name, type, baseUrl, keys, headers, timeouts, rpm, tpm, healthCheck, Optional.empty());
    }

    /** A provider that inherits every timeout, with no configured request limit and no scheduled health check. */
    public ProviderConfig(String name, ProviderType type, URI baseUrl, List<Secret> keys, Map<String, String> headers) {
        this(name, type, baseUrl, keys, headers, TimeoutOverrides.NONE, OptionalInt.empty(), OptionalLong.empty(),
                Optional.empty());
    }

    /**
     * A provider with the older pair of timeouts, which the {@code connect_timeout} and {@code request_timeout}
     * keys still give: the connect and the total timeout.
     */
    public ProviderConfig(String name, ProviderType type, URI baseUrl, List<Secret> keys, Map<String, String> headers,
                          Duration connectTimeout, Duration requestTimeout) {
        this(name, type, baseUrl, keys, headers, new TimeoutOverrides(Optional.of(connectTimeout), Optional.empty(),
                Optional.empty(), Optional.of(requestTimeout)), OptionalInt.empty(), OptionalLong.empty(), Optional.empty());
    }

    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    static boolean isValidRegion(String region) {
        return REGION.matcher(region).matches();
    }

    /**
     * Why {@code url} cannot be a base URL, if it cannot. Credentials in the URL are refused: they would end up in
     * logs, and keys belong in {@code keys} where they are masked.
     */
    static Optional<String> baseUrlProblem(URI url) {
        var scheme = Optional.ofNullable(url.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        // The authority, not the host: java.net.URI has no host for names with '_', common for compose services.
        var authority = Optional.ofNullable(url.getRawAuthority()).orElse("");
        if (!url.isAbsolute() || url.isOpaque() || authority.isEmpty()) {
            return Optional.of("expected an absolute URL such as https://api.example.com/v1");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("expected an http or https URL, got scheme \"" + scheme + "\"");
        }
        if (authority.contains("@")) {
            return Optional.of("must not contain credentials; put the key in keys");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            return Optional.of("must not have a query or fragment");
        }
        return Optional.empty();
    }

    /** The URL without trailing slashes, so that {@code /v1} and {@code /v1/} name the same place. */
    static URI normalized(URI url) {
        var text = url.toString();
        var end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return end == text.length() ? url : URI.create(text.substring(0, end));
    }

    private static boolean isValidHeader(Map.Entry<String, String> header) {
        return ValueSyntax.isHeaderName(header.getKey()) && ValueSyntax.isHeaderValue(header.getValue());
    }

    /** Header values are left out: {@code api-key} style headers carry credentials. */
    @Override
    public String toString() {
        return "ProviderConfig[name=" + name + ", type=" + type.wireName() + ", baseUrl=" + baseUrl
                + ", keys=" + keys + ", headers=" + new TreeSet<>(headers.keySet())
                + ", timeouts=" + timeouts + (rpm.isPresent() ? ", rpm=" + rpm.getAsInt() : "")
                + (tpm.isPresent() ? ", tpm=" + tpm.getAsLong() : "")
                + ", healthCheck=" + healthCheck + region.map(r -> ", region=" + r).orElse("")
                + tls.caFile().map(f -> ", caFile=" + f).orElse("")
                + (forwardHeaders.isEmpty() ? "" : ", forwardHeaders=" + forwardHeaders) + "]";
    }
}
