package dev.parley.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TopLevelObjectTest {

    private static final String BODY = """
            {"model": "gpt-4o", "messages":[{"role":"user","content":"hi \\"there\\""}],
             "stream" : true, "temperature": 0.70, "n": null, "stream_options": {"include_usage": false}}""";

    @Test
    void readsScalarsWithoutBuildingATree() {
        TopLevelObject object = TopLevelObject.scan(utf8(BODY));

        assertThat(object.string("model")).contains("gpt-4o");
        assertThat(object.bool("stream")).contains(true);
        assertThat(object.string("temperature")).isEmpty();
        assertThat(object.member("n")).hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(JsonMember.Kind.NULL));
        assertThat(new String(object.rawValue(object.member("stream_options").orElseThrow()), StandardCharsets.UTF_8))
                .isEqualTo("{\"include_usage\": false}");
    }

    @Test
    void spliceRewritesOnlyTheNamedMembers() {
        TopLevelObject object = TopLevelObject.scan(utf8(BODY));

        byte[] out = JsonSplice.of(object)
                .setString("model", "gpt-4o-2024-08-06")
                .set("stream_options", utf8("{\"include_usage\":true}"))
                .apply();

        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(BODY
                .replace("\"gpt-4o\"", "\"gpt-4o-2024-08-06\"")
                .replace("{\"include_usage\": false}", "{\"include_usage\":true}"));
    }

    @Test
    void spliceAddsAMissingMemberAtTheFront() {
        byte[] out = JsonSplice.of(TopLevelObject.scan(utf8("{\"model\":\"m\"}")))
                .set("stream_options", utf8("{\"include_usage\":true}"))
                .apply();

        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"stream_options\":{\"include_usage\":true},\"model\":\"m\"}");
    }

    @Test
    void spliceIntoAnEmptyObject() {
        byte[] out = JsonSplice.of(TopLevelObject.scan(utf8(" { } "))).setString("model", "m").apply();

        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(" {\"model\":\"m\" } ");
    }

    @Test
    void noEditReturnsTheSameBytes() {
        byte[] in = utf8(BODY);

        assertThat(JsonSplice.of(TopLevelObject.scan(in)).apply()).isSameAs(in);
    }

    @Test
    void refusesWhatIsNotOneObject() {
        assertThatThrownBy(() -> TopLevelObject.scan(utf8("[1,2]"))).isInstanceOf(JsonScanException.class);
        assertThatThrownBy(() -> TopLevelObject.scan(utf8("{\"a\":1} {}"))).isInstanceOf(JsonScanException.class);
        assertThatThrownBy(() -> TopLevelObject.scan(utf8("{\"a\":")))
                .isInstanceOf(JsonScanException.class)
                .hasMessageStartingWith("the request body is not valid JSON");
        assertThatThrownBy(() -> TopLevelObject.scan(utf8(""))).isInstanceOf(JsonScanException.class);
    }

    @Property
    void modelRewriteKeepsAnyStringIntact(@ForAll String original, @ForAll String replacement) {
        String body = "{\"model\":" + JsonText.quote(original) + ",\"x\":[1,{\"model\":\"inner\"}]}";

        TopLevelObject rewritten = TopLevelObject.scan(
                JsonSplice.of(TopLevelObject.scan(utf8(body))).setString("model", replacement).apply());

        assertThat(rewritten.string("model")).contains(replacement);
        assertThat(new String(rewritten.rawValue(rewritten.member("x").orElseThrow()), StandardCharsets.UTF_8))
                .isEqualTo("[1,{\"model\":\"inner\"}]");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
