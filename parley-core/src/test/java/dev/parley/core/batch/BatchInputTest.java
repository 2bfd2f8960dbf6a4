package dev.parley.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchInputTest {

    private static final String CHAT = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
            + "\"body\":{\"model\":\"gpt-test\",\"temperature\":0.70,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
    private static final String EMBED = "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/embeddings\","
            + "\"body\":{\"model\":\"embed-test\",\"input\":\"hi\"}}";

    private static List<BatchRequest> parse(String text) {
        return BatchInput.parse(text.getBytes(StandardCharsets.UTF_8), 10);
    }

    @Test
    void readsEveryLineWithItsBodyByteForByte() {
        List<BatchRequest> requests = parse(CHAT + "\n\n" + EMBED + "\n");

        assertThat(requests).extracting(BatchRequest::line).containsExactly(1, 3);
        assertThat(requests).extracting(BatchRequest::customId).containsExactly("a", "b");
        assertThat(requests).extracting(BatchRequest::endpoint)
                .containsExactly(BatchEndpoint.CHAT_COMPLETIONS, BatchEndpoint.EMBEDDINGS);
        assertThat(new String(requests.getFirst().body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"gpt-test\",\"temperature\":0.70,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreNotPartOfALine() {
        assertThat(parse("\uFEFF" + CHAT + "\r\n" + EMBED + "\r\n")).extracting(BatchRequest::customId)
                .containsExactly("a", "b");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "not json                                                                     | line 2: not valid JSON",
        "[1]                                                                          | line 2: must be a JSON object",
        "{\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\"}}  | line 2: custom_id must be",
        "{\"custom_id\":\"x\",\"method\":\"GET\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\"}} | line 2: method must be POST",
        "{\"custom_id\":\"x\",\"method\":\"POST\",\"url\":\"/v1/completions\",\"body\":{\"model\":\"m\"}} | line 2: url must be one of",
        "{\"custom_id\":\"x\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":\"m\"} | line 2: body must be a JSON object",
        "{\"custom_id\":\"x\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}  | line 2: body.model must name a model",
        "{\"custom_id\":\"x\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"stream\":true}} | line 2: body.stream",
        "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"m\"}} | line 2: custom_id 'a' is used already on line 1",
    })
    void refusesABadLineNamingIt(String second, String message) {
        assertThatThrownBy(() -> parse(CHAT + "\n" + second))
                .isInstanceOf(BatchInputException.class).hasMessageStartingWith(message);
    }

    @Test
    void refusesAnEmptyFileTooManyItemsAndBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> parse("\n \n")).hasMessageContaining("no requests");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            many.append(CHAT.replace("\"a\"", "\"a" + i + "\"")).append('\n');
        }
        assertThatThrownBy(() -> parse(many.toString())).hasMessageContaining("more than 10 requests");
        assertThatThrownBy(() -> BatchInput.parse(new byte[] {(byte) 0xff, 0x7b}, 10))
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void aBatchsItemsMustAllCallItsEndpoint() {
        List<BatchRequest> requests = parse(CHAT + "\n" + EMBED);

        assertThatThrownBy(() -> BatchInput.requireEndpoint(requests, BatchEndpoint.CHAT_COMPLETIONS))
                .hasMessage("line 2: url is /v1/embeddings, but the batch's endpoint is /v1/chat/completions");
    }
}
