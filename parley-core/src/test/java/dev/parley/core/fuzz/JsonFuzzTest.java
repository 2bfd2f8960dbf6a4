package dev.parley.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.core.codec.MaxOutputTokens;
import dev.parley.core.json.JsonMember;
import dev.parley.core.json.JsonScanException;
import dev.parley.core.json.JsonSplice;
import dev.parley.core.json.TopLevelObject;
import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pass-through path's byte-level JSON: {@link TopLevelObject#scan} may refuse a body only with a
 * {@link JsonScanException}; what it accepts is spliced by {@link JsonSplice} into JSON that keeps every member it did
 * not touch byte for byte, and {@link MaxOutputTokens} reads and caps it without any exception. Seeds (client
 * request bodies) are in {@code JsonFuzzTestInputs/<method>/}.
 */
class JsonFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REPLACED = "model";
    private static final String ADDED = "parley_fuzz_added";
    private static final long CAP = 4096;

    @FuzzTest
    void topLevelObjectAndSplice(byte[] input) {
        Optional<TopLevelObject> scanned = scan(input);
        if (scanned.isEmpty()) {
            return;
        }
        TopLevelObject body = scanned.get();
        JsonNode tree = JSON.readTree(input);
        assertThat(tree.isObject()).isTrue();
        for (JsonMember member : body.members()) {
            // Each span is exactly the member's value: it parses alone to what the whole parse says.
            assertThat(JSON.readTree(body.rawValue(member))).isEqualTo(tree.get(member.name()));
            body.string(member.name());
            body.bool(member.name());
        }
        byte[] spliced = JsonSplice.of(body).setString(REPLACED, "fuzz \"model\" \u00e9")
                .set(ADDED, "[1,{\"a\":null}]".getBytes(StandardCharsets.UTF_8)).apply();
        TopLevelObject result = TopLevelObject.scan(spliced);
        assertThat(result.string(REPLACED)).contains("fuzz \"model\" \u00e9");
        assertThat(JSON.readTree(result.rawValue(result.member(ADDED).orElseThrow())))
                .isEqualTo(JSON.readTree("[1,{\"a\":null}]"));
        for (JsonMember member : body.members()) {
            if (!member.name().equals(REPLACED) && !member.name().equals(ADDED)) {
                assertThat(result.rawValue(result.member(member.name()).orElseThrow()))
                        .isEqualTo(body.rawValue(member));
            }
        }
    }

    @FuzzTest
    void maxOutputTokens(byte[] input) {
        Optional<TopLevelObject> scanned = scan(input);
        if (scanned.isEmpty()) {
            return;
        }
        for (Protocol protocol : Protocol.values()) {
            Optional<MaxOutputTokens> asked = MaxOutputTokens.of(protocol, scanned.get());
            asked.ifPresent(max -> assertThat(max.value()).isNotNegative());
            byte[] capped = MaxOutputTokens.cap(protocol, scanned.get(), CAP);
            Optional<MaxOutputTokens> after = MaxOutputTokens.of(protocol, TopLevelObject.scan(capped));
            if (asked.isPresent()) {
                assertThat(capped).isEqualTo(input);
            } else if (protocol != Protocol.ANTHROPIC_MESSAGES) {
                assertThat(after).map(MaxOutputTokens::value).contains(CAP);
            }
        }
    }

    private static Optional<TopLevelObject> scan(byte[] input) {
        try {
            return Optional.of(TopLevelObject.scan(input));
        } catch (JsonScanException refused) {
            return Optional.empty();
        }
    }
}
