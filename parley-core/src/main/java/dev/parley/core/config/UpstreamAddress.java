package dev.parley.core.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a provider's base URL names a host Parley must not call unless the operator says so: link-local addresses
 * (169.254.0.0/16, fe80::/10), where every cloud keeps its instance metadata service and its credentials, the
 * metadata services' names and addresses, and the unspecified address. Loopback and private networks stay allowed:
 * local models (Ollama, vLLM) live there. {@link #forbidden(URI)} reads the URL's text only (no name is resolved: the
 * core does no I/O), including the numeric spellings of an IPv4 address that URL parsers accept ({@code 2852039166},
 * {@code 0xA9FEA9FE}); the server applies {@link #forbidden(InetAddress)} to the addresses a name resolves to when
 * it connects.
 */
public final class UpstreamAddress {

    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");
    /** Metadata services outside the link-local ranges: Alibaba Cloud's, and AWS's IPv6 one on Nitro instances. */
    private static final Set<InetAddress> METADATA_ADDRESSES = Set.of(InetAddress.ofLiteral("100.100.100.200"),
            InetAddress.ofLiteral("fd00:ec2::254"));

    private UpstreamAddress() {
    }

    /** Why {@code url}'s host may not be called, if it may not. */
    public static Optional<String> forbidden(URI url) {
        String host = host(url);
        if (METADATA_NAMES.contains(host)) {
            return Optional.of("names a cloud metadata service (" + host + ")");
        }
        if (host.startsWith("[") || host.contains(":")) {
            return ipv6(host.replace("[", "").replace("]", "")).flatMap(UpstreamAddress::forbidden);
        }
        return ipv4(host).map(UpstreamAddress::inet4).flatMap(UpstreamAddress::forbidden);
    }

    /**
     * Why Parley may not connect to {@code address}, if it may not: the one rule for the literal hosts of base URLs
     * and for the addresses their names resolve to when Parley connects.
     */
    public static Optional<String> forbidden(InetAddress address) {
        if (address.isLinkLocalAddress()) {
            return Optional.of("is a link-local address, where cloud metadata services answer");
        }
        if (METADATA_ADDRESSES.contains(address)) {
            return Optional.of("is a cloud metadata service's address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("is the unspecified address " + address.getHostAddress());
        }
        return Optional.empty();
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

    /** An IPv6 literal (an IPv4-mapped one comes back as the IPv4 address); parsed, never looked up. */
    private static Optional<InetAddress> ipv6(String host) {
        String literal = host.contains("%") ? host.substring(0, host.indexOf('%')) : host;
        try {
            return Optional.of(InetAddress.ofLiteral(literal));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static InetAddress inet4(long address) {
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
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
}
