package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The access log's JSON line: whatever text a client put in a path or a model name, the line parses back to it. */
class AccessLogLineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        AccessLog.Line line = new AccessLog.Line(UnaryOperator.identity());
        line.string("path", "/v1/\"x\"\\y\n\r\t\u0000\u001f\u007f é 😀");
        line.number("status", 200);
        line.number("duration_ms", 1.234);
        line.bool("stream", true);
        String text = line.end();

        assertThat(text).doesNotContain("\n").doesNotContain("\u0000");
        JsonNode node = JSON.readTree(text);
        assertThat(node.get("path").asString()).isEqualTo("/v1/\"x\"\\y\n\r\t\u0000\u001f\u007f é 😀");
        assertThat(node.get("status").asInt()).isEqualTo(200);
        assertThat(node.get("duration_ms").asDouble()).isEqualTo(1.234);
        assertThat(node.get("stream").asBoolean()).isTrue();
    }

    @Test
    void anyTextRoundTrips() {
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                // Mostly ASCII with control characters, quotes and backslashes, some non-Latin text.
                value.append(random.nextInt(8) == 0 ? (char) (0x400 + random.nextInt(0x200)) : (char) random.nextInt(128));
            }
            AccessLog.Line line = new AccessLog.Line(UnaryOperator.identity());
            line.string("model", value.toString());
            line.number("attempts", n);
            String text = line.end();
            assertThat(text).doesNotContain("\n");
            JsonNode node = JSON.readTree(text);
            assertThat(node.get("model").asString()).isEqualTo(value.toString());
            assertThat(node.get("attempts").asLong()).isEqualTo(n);
        }
    }

    @Test
    void outsideValuesAreRedactedAndParleysOwnAreNot() {
        AccessLog.Line line = new AccessLog.Line(text -> text.replace("sk-secret", "[redacted]"));
        line.text("model", "gpt sk-secret");
        line.string("request_id", "req_sk-secret");
        assertThat(line.end()).isEqualTo("{\"model\":\"gpt [redacted]\",\"request_id\":\"req_sk-secret\"}");
    }

    @Test
    void anEmptyLineIsAnEmptyObject() {
        assertThat(new AccessLog.Line(UnaryOperator.identity()).end()).isEqualTo("{}");
    }

    @Test
    void theTimeIsWrittenAsInstantWritesItWhateverItsFraction() {
        Random random = new Random(11);
        long second = Instant.parse("2026-11-25T10:09:38Z").getEpochSecond();
        for (int n = 0; n < 5_000; n++) {
            // Whole seconds, milliseconds, microseconds and nanoseconds, in seconds that repeat and that move on.
            long nanos = switch (n % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000L;
                case 2 -> random.nextInt(1_000_000) * 1_000L;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(second + random.nextInt(3) - (n % 7 == 0 ? 400_000_000L : 0), nanos);
            assertThat(AccessLog.time(at)).isEqualTo(at.toString());
        }
        assertThat(AccessLog.time(Instant.parse("+12026-01-01T00:00:00.000001Z")))
                .isEqualTo(Instant.parse("+12026-01-01T00:00:00.000001Z").toString());
    }
}
