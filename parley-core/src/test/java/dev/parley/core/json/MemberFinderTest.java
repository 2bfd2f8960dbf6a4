package dev.parley.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MemberFinderTest {

    private static final String ANSWER = """
            {"id":"chatcmpl-1","choices":[{"message":{"content":"a } ] { \\" \\\\ usage"},"finish_reason":"stop"}],
             "usage" : {"prompt_tokens":200,"completion_tokens":20,"total_tokens":220}, "n": -1.5e3 }
            """;

    @Test
    void findsAMemberPastNestedValuesWhoseStringsHoldBracketsAndQuotes() {
        byte[] json = utf8(ANSWER);

        JsonMember usage = MemberFinder.find(json, "usage").orElseThrow();

        assertThat(usage.kind()).isEqualTo(JsonMember.Kind.OBJECT);
        assertThat(new String(json, usage.start(), usage.end() - usage.start(), StandardCharsets.UTF_8))
                .isEqualTo("{\"prompt_tokens\":200,\"completion_tokens\":20,\"total_tokens\":220}");
        assertThat(MemberFinder.find(json, "n")).isEqualTo(TopLevelObject.scan(json).member("n"));
    }

    @Test
    void aRepeatedNameGivesTheLastAsParsersDo() {
        byte[] json = utf8("{\"usage\":{\"a\":1},\"usage\":{\"b\":2}}");

        assertThat(MemberFinder.find(json, "usage")).isEqualTo(TopLevelObject.scan(json).member("usage"));
    }

    @Test
    void answersEmptyWhenTheMemberIsMissingOrTheTextIsNotOneObject() {
        assertThat(MemberFinder.find(utf8("{\"id\":\"x\"}"), "usage")).isEmpty();
        assertThat(MemberFinder.find(utf8("{}"), "usage")).isEmpty();
        assertThat(MemberFinder.find(utf8("[{\"usage\":{}}]"), "usage")).isEmpty();
        assertThat(MemberFinder.find(utf8("{\"usage\":{}} trailing"), "usage")).isEmpty();
        assertThat(MemberFinder.find(utf8("{\"usage\":{}"), "usage")).isEmpty();
        assertThat(MemberFinder.find(utf8("{\"usage\" {}}"), "usage")).isEmpty();
        assertThat(MemberFinder.find(utf8("{\"usage\":}"), "usage")).isEmpty();
        assertThat(MemberFinder.find(utf8(""), "usage")).isEmpty();
    }

    @Test
    void aLookupTellsAMissingMemberFromTextItCannotRead() {
        assertThat(MemberFinder.lookup(utf8("{\"id\":\"x\"}"), "usage")).isInstanceOf(MemberFinder.Lookup.Absent.class);
        assertThat(MemberFinder.lookup(utf8(" { } "), "usage")).isInstanceOf(MemberFinder.Lookup.Absent.class);
        assertThat(MemberFinder.lookup(utf8("{} x"), "usage")).isInstanceOf(MemberFinder.Lookup.Unreadable.class);
        assertThat(MemberFinder.lookup(utf8("{\"id\":1"), "usage")).isInstanceOf(MemberFinder.Lookup.Unreadable.class);
        assertThat(MemberFinder.lookup(utf8("{\"u\\u0073age\":{}}"), "usage"))
                .isInstanceOf(MemberFinder.Lookup.Unreadable.class);
        assertThat(MemberFinder.lookup(utf8("{\"usage\":{}}"), "usage")).isInstanceOf(MemberFinder.Lookup.Found.class);
    }

    @Test
    void anEscapedKeyIsLeftToTheDecodingScan() {
        // "usag\u0065" is "usage": only a scan that decodes keys can say so.
        byte[] json = utf8("{\"usage\":{\"a\":1},\"usag\\u0065\":{\"b\":2}}");

        assertThat(MemberFinder.find(json, "usage")).isEmpty();
        assertThat(TopLevelObject.scan(json).member("usage").orElseThrow().start()).isGreaterThan(20);
    }

    /** On any well-formed object, each member found is exactly the one the validating scan reports. */
    @Property(tries = 300)
    void agreesWithTheValidatingScan(@ForAll long seed) {
        Random random = new Random(seed);
        String text = object(random, 0);
        byte[] json = utf8(text);
        TopLevelObject scanned = TopLevelObject.scan(json);

        for (JsonMember member : scanned.members()) {
            assertThat(MemberFinder.find(json, member.name())).as(text).contains(member);
        }
        assertThat(MemberFinder.find(json, "absent-name")).isEmpty();
    }

    /** A body cut anywhere is never read as an object with the member in it. */
    @Property(tries = 100)
    void aCutBodyFindsNothing(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] json = utf8(object(random, 0));
        int closing = new String(json, StandardCharsets.ISO_8859_1).lastIndexOf('}');
        byte[] prefix = Arrays.copyOf(json, random.nextInt(closing + 1));

        for (JsonMember member : TopLevelObject.scan(json).members()) {
            assertThat(MemberFinder.find(prefix, member.name())).isEmpty();
        }
    }

    private static String object(Random random, int depth) {
        StringBuilder out = new StringBuilder(blank(random)).append('{');
        int members = random.nextInt(depth == 0 ? 6 : 3) + (depth == 0 ? 1 : 0);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(blank(random)).append('"').append(NAMES[random.nextInt(NAMES.length)]).append('"')
                    .append(blank(random)).append(':').append(blank(random)).append(value(random, depth + 1))
                    .append(blank(random));
        }
        return out.append('}').append(blank(random)).toString();
    }

    private static final String[] NAMES = {"usage", "id", "choices", "model", "n", "üñï", "a b", "x"};
    private static final String[] STRINGS = {"", "plain", "a } ] { [", "quote \\\" inside", "back \\\\", "\\\\\\\"",
        "unicode é 漢 🙂", "\\u0041\\n\\t", ",:"};

    private static String value(Random random, int depth) {
        int pick = random.nextInt(depth > 3 ? 5 : 7);
        return switch (pick) {
            case 0 -> "\"" + STRINGS[random.nextInt(STRINGS.length)] + "\"";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> "null";
            case 3 -> Long.toString(random.nextLong(-1000, 1000));
            case 4 -> random.nextInt(100) + "." + random.nextInt(100) + "e-" + random.nextInt(5);
            case 5 -> object(random, depth);
            default -> {
                StringBuilder array = new StringBuilder("[");
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.append(i > 0 ? "," : "").append(blank(random)).append(value(random, depth + 1));
                }
                yield array.append(blank(random)).append(']').toString();
            }
        };
    }

    private static String blank(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            case 2 -> "\r\n";
            default -> "";
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
