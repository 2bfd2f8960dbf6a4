package dev.parley.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.json.TopLevelObject;
import dev.parley.core.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link MaxOutputTokens}: each protocol's member, read by scanning. */
class MaxOutputTokensTest {

    private static Optional<MaxOutputTokens> read(Protocol protocol, String json) {
        return MaxOutputTokens.of(protocol, TopLevelObject.scan(json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            OPENAI_CHAT        | {"model":"m","max_tokens":100}                                   | max_tokens                         | 100
            OPENAI_CHAT        | {"max_tokens":100,"max_completion_tokens":300}                  | max_completion_tokens              | 300
            OPENAI_CHAT        | {"max_completion_tokens":50,"max_tokens":70}                    | max_tokens                         | 70
            OPENAI_RESPONSES   | {"input":"hi","max_output_tokens":2048}                         | max_output_tokens                  | 2048
            ANTHROPIC_MESSAGES | {"max_tokens":32000,"messages":[]}                               | max_tokens                         | 32000
            GEMINI             | {"contents":[],"generationConfig":{"temperature":1,"maxOutputTokens":512}} | generationConfig.maxOutputTokens   | 512
            GEMINI             | {"generation_config":{"max_output_tokens":64}}                  | generation_config.max_output_tokens | 64
            ANTHROPIC_MESSAGES | {"max_tokens":10.5}                                              | max_tokens                         | 11
            ANTHROPIC_MESSAGES | {"max_tokens":1e999999999}                                       | max_tokens                         | 9223372036854775807
            ANTHROPIC_MESSAGES | {"max_tokens":-5}                                                | max_tokens                         | 0
            """)
    void readsTheProtocolsMember(Protocol protocol, String json, String param, long value) {
        assertThat(read(protocol, json)).contains(new MaxOutputTokens(param, value));
    }

    @Test
    void aBodyThatNamesNoMaximumOrNotAsANumberHasNone() {
        assertThat(read(Protocol.OPENAI_RESPONSES, "{\"max_tokens\":100}")).isEmpty();
        assertThat(read(Protocol.ANTHROPIC_MESSAGES, "{\"max_tokens\":\"100\"}")).isEmpty();
        assertThat(read(Protocol.GEMINI, "{\"maxOutputTokens\":100}")).isEmpty();
        assertThat(read(Protocol.GEMINI, "{\"generationConfig\":[1]}")).isEmpty();
        assertThat(MaxOutputTokens.paramOf(Protocol.GEMINI)).isEqualTo("generationConfig.maxOutputTokens");
    }

    private static String cap(Protocol protocol, String json) {
        return new String(MaxOutputTokens.cap(protocol, TopLevelObject.scan(json.getBytes(StandardCharsets.UTF_8)),
                4096), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            OPENAI_CHAT      | {"model":"m", "messages":[]}                     | {"max_completion_tokens":4096,"model":"m", "messages":[]}
            OPENAI_CHAT      | {}                                              | {"max_completion_tokens":4096}
            OPENAI_RESPONSES | { "input" : "hi" }                               | {"max_output_tokens":4096, "input" : "hi" }
            GEMINI           | {"contents":[]}                                  | {"generationConfig":{"maxOutputTokens":4096},"contents":[]}
            GEMINI           | {"contents":[],"generationConfig":{"temperature": 1.0}} | {"contents":[],"generationConfig":{"maxOutputTokens":4096,"temperature": 1.0}}
            GEMINI           | {"generationConfig":{}}                          | {"generationConfig":{"maxOutputTokens":4096}}
            GEMINI           | {"generation_config":{"top_k":3}}                | {"generation_config":{"max_output_tokens":4096,"top_k":3}}
            GEMINI           | {"generationConfig":null}                        | {"generationConfig":{"maxOutputTokens":4096}}
            """)
    void aBodyWithoutAMaximumGetsTheCapAndKeepsEveryOtherByte(Protocol protocol, String json, String capped) {
        assertThat(cap(protocol, json)).isEqualTo(capped);
        assertThat(MaxOutputTokens.of(protocol, TopLevelObject.scan(capped.getBytes(StandardCharsets.UTF_8))))
                .map(MaxOutputTokens::value).contains(4096L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            OPENAI_CHAT        | {"model":"m","max_tokens":100}
            OPENAI_CHAT        | {"max_completion_tokens": 1e5}
            OPENAI_RESPONSES   | {"max_output_tokens":9000}
            ANTHROPIC_MESSAGES | {"max_tokens":10}
            ANTHROPIC_MESSAGES | {"messages":[]}
            GEMINI             | {"generationConfig":{"maxOutputTokens":8}}
            GEMINI             | {"generation_config":{"max_output_tokens":8}}
            """)
    void aBodyThatNamesItsMaximumIsReturnedAsItCame(Protocol protocol, String json) {
        assertThat(cap(protocol, json)).isEqualTo(json);
    }
}
