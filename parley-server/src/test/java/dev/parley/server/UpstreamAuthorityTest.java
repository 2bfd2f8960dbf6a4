package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamAuthorityTest {

    @Test
    void aLiteralAddressWithAPortAndAPath() throws Exception {
        UpstreamAuthority parsed = UpstreamAuthority.parse(URI.create("http://127.0.0.1:4010/v1"));
        assertEquals(new UpstreamAuthority("127.0.0.1", 4010, false, Optional.of(address("127.0.0.1", 4010)), "/v1"),
                parsed);
    }

    @Test
    void aNameOverTlsTakesTheDefaultPortAndNoPath() {
        assertEquals(new UpstreamAuthority("api.example.com", 443, true, Optional.empty(), ""),
                UpstreamAuthority.parse(URI.create("https://Api.Example.com")));
        assertEquals(new UpstreamAuthority("api.example.com", 80, false, Optional.empty(), "/v1beta"),
                UpstreamAuthority.parse(URI.create("http://api.example.com/v1beta/")));
    }

    @Test
    void aComposeServiceNameWithAnUnderscoreHasAHost() {
        assertEquals(new UpstreamAuthority("fake_provider", 8080, false, Optional.empty(), "/api/v1"),
                UpstreamAuthority.parse(URI.create("http://fake_provider:8080/api/v1")));
    }

    @Test
    void anIpv6LiteralKeepsItsBracketsInTheHostAndNotInTheAddress() throws Exception {
        assertEquals(new UpstreamAuthority("[::1]", 9000, true, Optional.of(address("::1", 9000)), ""),
                UpstreamAuthority.parse(URI.create("https://[::1]:9000")));
    }

    @Test
    void aBaseUrlIsTakenApartOnce() {
        URI url = URI.create("http://127.0.0.1:4011/v1");
        assertSame(UpstreamAuthority.of(url), UpstreamAuthority.of(URI.create("http://127.0.0.1:4011/v1")));
    }

    private static SocketAddress address(String literal, int port) throws Exception {
        return SocketAddress.inetSocketAddress(new InetSocketAddress(InetAddress.getByName(literal), port));
    }
}
