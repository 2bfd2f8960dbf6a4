package dev.parley.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.tenancy.VirtualKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

    private static final String PROVIDER = "plain-provider-key-without-shape";
    private final Redactor redactor = Redactor.of(List.of(PROVIDER, "master-key-0123", "short"));

    @Test
    void knownValuesAreBlankedOutWhereverTheyAre() {
        assertThat(redactor.redact("Incorrect API key provided: " + PROVIDER + "."))
                .isEqualTo("Incorrect API key provided: [redacted].");
        assertThat(redactor.redact("x" + PROVIDER + PROVIDER + "y")).isEqualTo("x[redacted][redacted]y");
        assertThat(redactor.redact("{\"k\":\"master-key-0123\"}")).isEqualTo("{\"k\":\"[redacted]\"}");
        assertThat(redactor.knownValues()).as("a value under 8 characters is not searched for").isEqualTo(2);
        assertThat(redactor.redact("a short word")).isEqualTo("a short word");
    }

    @Test
    void theLongerOfTwoKnownValuesSharingAStartWins() {
        Redactor two = Redactor.of(List.of("abcdefgh", "abcdefgh-and-more"));
        assertThat(two.redact("see abcdefgh-and-more here")).isEqualTo("see [redacted] here");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            key sk-proj-abcdefghijklmnopqrstuvwxyz0123 rejected            | key [redacted] rejected
            key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv_wx-yz ok                | key [redacted] ok
            Google key AIzaSyA-0123456789abcdefghijklmnopqrstu is bad       | Google key [redacted] is bad
            Authorization: Bearer eyJhbGciOi.eyJzdWIi.SflKxw                 | Authorization: [redacted]
            sent bearer abcdefgh12345678== to it                            | sent bearer [redacted] to it
            Basic dXNlcjpwYXNzd29yZA==                                      | Basic [redacted]
            {"x-api-key":"anything at all","model":"m"}                     | {"x-api-key":"[redacted]","model":"m"}
            {authorization=[Bearer abc], accept=[*/*]}                      | {authorization=[[redacted]], accept=[*/*]}
            X-Goog-Api-Key: AIza-short                                      | X-Goog-Api-Key: [redacted]
            cookie: a=b; session=xyz                                        | cookie: [redacted]
            GET /v1beta/models/m:generateContent?alt=sse&key=AIzaXYZ&x=1    | GET /v1beta/models/m:generateContent?alt=sse&key=[redacted]&x=1
            https://host/v1?api_key=s3cr3t#frag                             | https://host/v1?api_key=[redacted]#frag
            redis://:hunter2@cache:6379/0                                   | redis://[redacted]@cache:6379/0
            postgresql://parley:pw@db/parley                                | postgresql://[redacted]@db/parley
            """)
    void shapesOfSecretsAreBlankedOut(String text, String expected) {
        assertThat(redactor.redact(text)).isEqualTo(expected);
    }

    @Test
    void virtualKeysAreBlankedOutButTheirHintsStay() {
        String key = VirtualKeys.PREFIX + "A".repeat(48);
        assertThat(redactor.redact("key " + key + " revoked")).isEqualTo("key [redacted] revoked");
        String hint = VirtualKeys.PREFIX + "…AAAA";
        assertThat(redactor.redact("key " + hint)).isEqualTo("key " + hint);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            the task-abcdefghijklmnopqrstuvwxyz finished
            sk-short
            the authorization header is missing
            a bearer of news
            https://api.example.com/v1/chat/completions
            GET /v1/messages?beta=true
            ?monkey=banana
            Authorizations: none
            key sk-parley-…a1B2
            mail me at someone@example.com
            """)
    void ordinaryTextIsLeftAloneAsTheSameInstance(String text) {
        assertThat(redactor.redact(text)).isSameAs(text);
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        String once = redactor.redact("Authorization: Bearer abcdefgh12345678 and sk-abcdefghijklmnopqrstu and "
                + PROVIDER + " ?key=x https://u:p@h/");
        assertThat(redactor.redact(once)).isSameAs(once);
        assertThat(once).doesNotContain(PROVIDER, "abcdefgh12345678", "sk-abcdefghijklmnopqrstu", "u:p@");
    }

    @Test
    void bytesAreRedactedAsUtf8AndCleanOnesAreReturnedAsTheyAre() {
        byte[] clean = "{\"error\":{\"message\":\"Überlastet\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(redactor.redact(clean)).isSameAs(clean);
        byte[] dirty = ("{\"error\":\"Schlüssel " + PROVIDER + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(redactor.redact(dirty), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"Schlüssel [redacted]\"}");
    }

    @Test
    void aJsonStringStaysAJsonStringAfterRedaction() {
        String json = "{\"message\":\"bad header authorization: Bearer abcdefghijkl\\\" here\",\"n\":1}";
        assertThat(redactor.redact(json))
                .isEqualTo("{\"message\":\"bad header authorization: [redacted]\\\" here\",\"n\":1}");
    }

    /** Random text made of the rules' own trigger pieces: every known value and shape planted is gone. */
    @Test
    void plantedSecretsNeverSurviveAmongTriggerNoise() {
        Random random = new Random(7);
        String[] noise = {"sk-", "AIza", "://", "?key", "&", "=", "Bearer ", "authorization", ":", "\"", "@", " ",
                "x-api-key", "[", "]", "abc", "-", "/"};
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                text.append(noise[random.nextInt(noise.length)]);
                if (random.nextInt(10) == 0) {
                    text.append(PROVIDER);
                }
            }
            String clean = redactor.redact(text.toString());
            assertThat(clean).doesNotContain(PROVIDER);
            assertThat(redactor.redact(clean)).as("stable: %s", text).isEqualTo(clean);
        }
    }

    @Test
    void largeHostileInputIsScannedInOnePass() {
        // Every position is a trigger: quadratic scanning would take minutes here, one pass takes milliseconds.
        String hostile = "://".repeat(200_000) + "?key".repeat(100_000) + "authorization".repeat(50_000)
                + " authorization   ".repeat(50_000) + "ma".repeat(100_000) + "bearer ".repeat(100_000);
        assertThat(redactor.redact(hostile) == hostile).as("nothing found, nothing copied").isTrue();
        assertThat(redactor.redact("sk-".repeat(100_000))).isEqualTo(Redactor.MARK);
    }
}
