package dev.parley.server;

import dev.parley.core.auth.KeyHasher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's sessions, stateless so that any replica with the same server secret accepts them: a cookie value
 * {@code v1.<subject id>.<expiry>.<nonce>.<mac>}, where the MAC (HMAC-SHA256) covers the subject id, the hash the
 * store keeps of the key (or of the master key), the expiry in epoch seconds and a random nonce. The cookie never
 * holds a key; a key revoked, rotated away or replaced in the configuration no longer matches and ends the session
 * (the principal is looked up again on every use, {@link AdminPrincipals#bySubject}).
 *
 * <p>The MAC key is derived from the server secret through the key hasher with a label of its own (HMAC as a PRF),
 * so it is unrelated to the stored key hashes and to {@code SecretBox}'s key. The CSRF token is a second MAC, over
 * the whole cookie value: a page that can read it is the dashboard's own, since only it can read the answer of
 * {@code /ui/session}; a cross-site form or fetch carries the cookie (if at all) but cannot know the token.
 */
final class UiSessions {

    static final String COOKIE = "parley_session";
    static final String CSRF_HEADER = "x-parley-csrf";
    static final Duration LIFETIME = Duration.ofHours(12);

    private static final String VERSION = "v1";
    private static final String DERIVATION_LABEL = "parley dashboard session mac v1";
    private static final Pattern SHAPE = Pattern.compile("v1\\.([A-Za-z0-9_]{1,64})\\.([0-9]{1,12})\\."
            + "([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_IN = Base64.getUrlDecoder();

    private final SecretKeySpec macKey;
    private final RandomGenerator random;

    UiSessions(KeyHasher hasher, RandomGenerator random) {
        this.macKey = new SecretKeySpec(HexFormat.of().parseHex(hasher.hash(DERIVATION_LABEL)), "HmacSHA256");
        this.random = random;
    }

    /** A session, as read from a valid cookie: whom it is for and until when. */
    record Session(AdminPrincipals.Subject subject, Instant expires, String csrf) {
    }

    /** A new cookie value for {@code subject}, valid for {@link #LIFETIME} from {@code now}. */
    String issue(AdminPrincipals.Subject subject, Instant now) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String head = VERSION + "." + subject.id() + "." + now.plus(LIFETIME).getEpochSecond() + "."
                + B64.encodeToString(nonce);
        return head + "." + B64.encodeToString(mac(head + "|" + subject.hash()));
    }

    /**
     * The session a cookie value stands for, when it is well formed, unexpired and its MAC matches the subject's
     * current hash as {@code hashOf} gives it (empty when the subject is gone).
     */
    Optional<Session> open(String cookie, Instant now, Function<String, Optional<String>> hashOf) {
        var m = SHAPE.matcher(cookie);
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(m.group(2)));
        if (!now.isBefore(expires)) {
            return Optional.empty();
        }
        Optional<String> hash = hashOf.apply(m.group(1));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        String head = cookie.substring(0, cookie.lastIndexOf('.'));
        byte[] expected = mac(head + "|" + hash.get());
        if (!MessageDigest.isEqual(expected, B64_IN.decode(m.group(4)))) {
            return Optional.empty();
        }
        return Optional.of(new Session(new AdminPrincipals.Subject(m.group(1), hash.get()), expires, csrf(cookie)));
    }

    /** The CSRF token of a session: derived from its cookie value, so nothing is stored and it dies with it. */
    String csrf(String cookie) {
        return B64.encodeToString(mac("csrf|" + cookie));
    }

    /** Whether {@code presented} is the session's CSRF token, compared in constant time. */
    static boolean csrfMatches(Session session, Optional<String> presented) {
        return presented.map(p -> MessageDigest.isEqual(p.getBytes(StandardCharsets.UTF_8),
                session.csrf().getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
