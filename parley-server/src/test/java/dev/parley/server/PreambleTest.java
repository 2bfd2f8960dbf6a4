package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.FinishReason;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.usage.TokenUsage;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which events a relay may hold back before the first output: each protocol's preamble, and nothing else. */
class PreambleTest {

    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "ANTHROPIC_MESSAGES | message_start       | {\"type\":\"message_start\",\"message\":{}}                        | true",
        "ANTHROPIC_MESSAGES | ping                | {\"type\":\"ping\"}                                              | true",
        "ANTHROPIC_MESSAGES | content_block_start | {\"content_block\":{\"type\":\"text\",\"text\":\"\"}}            | true",
        "ANTHROPIC_MESSAGES | content_block_start | {\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}    | true",
        "ANTHROPIC_MESSAGES | content_block_start | {\"content_block\":{\"type\":\"tool_use\",\"name\":\"f\"}}       | false",
        "ANTHROPIC_MESSAGES | content_block_delta | {\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}            | false",
        "ANTHROPIC_MESSAGES | message_stop        | {\"type\":\"message_stop\"}                                      | false",
        "OPENAI_RESPONSES   | response.created    | {\"type\":\"response.created\"}                                  | true",
        "OPENAI_RESPONSES   | response.in_progress| {\"type\":\"response.in_progress\"}                              | true",
        "OPENAI_RESPONSES   | response.output_item.added | {\"item\":{\"type\":\"message\"}}                          | true",
        "OPENAI_RESPONSES   | response.output_item.added | {\"item\":{\"type\":\"function_call\"}}                    | false",
        "OPENAI_RESPONSES   | response.output_text.delta | {\"delta\":\"Hi\"}                                         | false",
        "OPENAI_RESPONSES   |                     | {\"type\":\"response.created\"}                                  | true",
        "OPENAI_CHAT        |                     | {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]} | true",
        "OPENAI_CHAT        |                     | {\"choices\":[],\"prompt_filter_results\":[]}                    | true",
        "OPENAI_CHAT        |                     | {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}                 | false",
        "OPENAI_CHAT        |                     | {\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}       | false",
        "OPENAI_CHAT        |                     | {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0}]}}]}     | false",
        "OPENAI_CHAT        |                     | {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}        | false",
        "OPENAI_CHAT        |                     | [DONE]                                                           | false",
        "GEMINI             |                     | {\"usageMetadata\":{\"promptTokenCount\":3}}                     | true",
        "GEMINI             |                     | {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}]}}]}   | true",
        "GEMINI             |                     | {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}]} | false",
        "GEMINI             |                     | {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{}}]}}]} | false",
        "GEMINI             |                     | {\"candidates\":[{\"finishReason\":\"STOP\"}]}                   | false",
        "GEMINI             |                     | not json                                                         | false",
    })
    void aPassThroughStreamHoldsBackOnlyItsPreamble(Protocol protocol, String name, String data, boolean preamble) {
        SseEvent event = SseEvent.of(Optional.ofNullable(name), data);

        assertThat(StreamTap.of(protocol, true).preamble(event)).isEqualTo(preamble);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"start, false", "textStart, false", "emptyText, false", "text, true", "toolCall, true", "finish, true",
        "usage, false"})
    void aTranslatedStreamStartsWithItsFirstOutputOrItsEnd(String kind, boolean output) {
        StreamEvent event = switch (kind) {
            case "start" -> new StreamEvent.Start("id", "m");
            case "textStart" -> new StreamEvent.TextStart(0);
            case "emptyText" -> new StreamEvent.TextDelta(0, "");
            case "text" -> new StreamEvent.TextDelta(0, "Hi");
            case "toolCall" -> new StreamEvent.ToolCallStart(0, "call_1", "f");
            case "finish" -> new StreamEvent.Finish(FinishReason.END_TURN, Optional.empty());
            default -> new StreamEvent.Usage(TokenUsage.NONE);
        };

        assertThat(TranslatingRelay.carriesOutput(event)).isEqualTo(output);
    }
}
