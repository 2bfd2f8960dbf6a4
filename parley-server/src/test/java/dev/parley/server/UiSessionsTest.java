package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.auth.KeyHasher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The dashboard's session cookie and CSRF token, without a server: what opens a session and what does not. */
class UiSessionsTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final AdminPrincipals.Subject KEY = new AdminPrincipals.Subject("key_abc", "hash-of-the-key");

    private final UiSessions sessions = new UiSessions(new KeyHasher(SECRET), new Random(7));
    private final Function<String, Optional<String>> store = id -> Optional.ofNullable(Map.of(
            "key_abc", "hash-of-the-key", "master", "hash-of-master").get(id));

    @Test
    void aCookieOpensUntilItExpiresAndHoldsNeitherTheKeyNorItsHash() {
        String cookie = sessions.issue(KEY, NOW);
        assertThat(cookie).startsWith("v1.key_abc.").doesNotContain("hash-of-the-key");
        Optional<UiSessions.Session> session = sessions.open(cookie, NOW.plusSeconds(60), store);
        assertThat(session).isPresent();
        assertThat(session.get().subject()).isEqualTo(KEY);
        assertThat(session.get().expires()).isEqualTo(NOW.plus(UiSessions.LIFETIME));
        assertThat(sessions.open(cookie, NOW.plus(UiSessions.LIFETIME), store)).as("expired").isEmpty();
    }

    @Test
    void aTamperedOrForeignCookieDoesNotOpen() {
        String cookie = sessions.issue(KEY, NOW);
        String[] parts = cookie.split("\\.");
        String longer = String.join(".", parts[0], parts[1], Long.toString(Long.parseLong(parts[2]) + 3600), parts[3],
                parts[4]);
        assertThat(sessions.open(longer, NOW, store)).as("a later expiry").isEmpty();
        String master = String.join(".", parts[0], "master", parts[2], parts[3], parts[4]);
        assertThat(sessions.open(master, NOW, store)).as("another subject").isEmpty();
        assertThat(sessions.open(cookie, NOW, id -> Optional.of("a-new-hash"))).as("the key changed").isEmpty();
        assertThat(sessions.open(cookie, NOW, id -> Optional.empty())).as("the key is gone").isEmpty();
        UiSessions otherSecret = new UiSessions(new KeyHasher("another secret of at least 32 bytes!!"
                .getBytes(StandardCharsets.UTF_8)), new Random(7));
        assertThat(otherSecret.open(cookie, NOW, store)).as("another server secret").isEmpty();
        assertThat(sessions.open("garbage", NOW, store)).isEmpty();
        assertThat(sessions.open(cookie + "x", NOW, store)).isEmpty();
    }

    @Test
    void theCsrfTokenBelongsToOneSessionAndIsComparedExactly() {
        String first = sessions.issue(KEY, NOW);
        String second = sessions.issue(KEY, NOW);
        assertThat(first).as("a fresh nonce each time").isNotEqualTo(second);
        UiSessions.Session session = sessions.open(first, NOW, store).orElseThrow();
        assertThat(session.csrf()).isEqualTo(sessions.csrf(first)).isNotEqualTo(sessions.csrf(second));
        assertThat(UiSessions.csrfMatches(session, Optional.of(session.csrf()))).isTrue();
        assertThat(UiSessions.csrfMatches(session, Optional.of(sessions.csrf(second)))).isFalse();
        assertThat(UiSessions.csrfMatches(session, Optional.empty())).isFalse();
        assertThat(UiSessions.csrfMatches(session, Optional.of(""))).isFalse();
    }
}
