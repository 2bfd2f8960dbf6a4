package dev.parley.core.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a provider's base URL names a host Parley must not call unless the operator says so: link-local addresses
 * (169.254.0.0/16, fe80::/10), where every cloud keeps its instance metadata service and its credentials, the
 * metadata services' names, and the unspecified address. Loopback and private networks stay allowed: local models
 * (Ollama, vLLM) live there. Read from the URL's text only (no name is resolved: the core does no I/O), including
 * the numeric spellings of an IPv4 address that URL parsers accept ({@code 2852039166}, {@code 0xA9FEA9FE}).
 */
public final class UpstreamAddress {

    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");
    /** Alibaba Cloud's metadata service, outside the link-local range. */
    private static final long ALIBABA_METADATA = ipv4(100, 100, 100, 200);

    private UpstreamAddress() {
    }

    /** Why {@code url}'s host may not be called, if it may not. */
    public static Optional<String> forbidden(URI url) {
        String host = host(url);
        if (METADATA_NAMES.contains(host)) {
            return Optional.of("names a cloud metadata service (" + host + ")");
        }
        if (host.startsWith("[") || host.contains(":")) {
            return ipv6Problem(host.replace("[", "").replace("]", ""));
        }
        return ipv4(host).flatMap(UpstreamAddress::ipv4Problem);
    }

    private static String host(URI url) {
        String authority = Optional.ofNullable(url.getRawAuthority()).orElse("").toLowerCase(Locale.ROOT);
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static Optional<String> ipv4Problem(long address) {
        if (address >>> 16 == (169L << 8 | 254)) {
            return Optional.of("is a link-local address, where cloud metadata services answer");
        }
        if (address == ALIBABA_METADATA) {
            return Optional.of("is a cloud metadata service's address");
        }
        if (address == 0) {
            return Optional.of("is the unspecified address 0.0.0.0");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6Problem(String host) {
        String h = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
        if (h.startsWith("fe8") || h.startsWith("fe9") || h.startsWith("fea") || h.startsWith("feb")) {
            return Optional.of("is a link-local address, where cloud metadata services answer");
        }
        if (h.equals("fd00:ec2::254")) {
            return Optional.of("is a cloud metadata service's address");
        }
        if (h.equals("::") || h.equals("0:0:0:0:0:0:0:0")) {
            return Optional.of("is the unspecified address ::");
        }
        int mapped = h.lastIndexOf("::ffff:");
        if (mapped >= 0) {
            return ipv4(h.substring(mapped + "::ffff:".length())).flatMap(UpstreamAddress::ipv4Problem);
        }
        return Optional.empty();
    }

    /** An IPv4 address in any spelling URL parsers take: dotted parts, each decimal, octal or hex; or one number. */
    static Optional<Long> ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = number(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            address = address << 8 | values[i];
        }
        int rest = 8 * (4 - (values.length - 1));
        long last = values[values.length - 1];
        if (last >= 1L << rest) {
            return Optional.empty();
        }
        return Optional.of(address << rest | last);
    }

    private static Optional<Long> number(String part) {
        try {
            if (part.startsWith("0x")) {
                return part.length() > 2 ? Optional.of(Long.parseLong(part.substring(2), 16)) : Optional.empty();
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Optional.of(Long.parseLong(part.substring(1), 8));
            }
            return part.isEmpty() || !part.chars().allMatch(Character::isDigit) ? Optional.empty()
                    : Optional.of(Long.parseLong(part));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long ipv4(int a, int b, int c, int d) {
        return (long) a << 24 | (long) b << 16 | (long) c << 8 | d;
    }
}
