package dev.parley.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** H12: Claude Code compacts only on Anthropic's own wording, so other providers' overflow errors are reworded. */
class ContextOverflowTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. | prompt is too long: 130532 tokens > 128000 maximum
            The input token count (1234567) exceeds the maximum number of tokens allowed (1048576).               | prompt is too long: 1234567 tokens > 1048576 maximum
            prompt is too long: 208101 tokens > 200000 maximum                                                    | prompt is too long: 208101 tokens > 200000 maximum
            context window exceeded                                                                               | prompt is too long: context window exceeded
            """)
    void anthropicClientsSeeTheWordingClaudeCodeCompactsOn(String upstream, String expectedStart) {
        ApiError error = ApiError.of(ErrorKind.CONTEXT_LENGTH, upstream);

        String body = AnthropicErrorShape.INSTANCE.body(error);

        assertThat(body).contains("\"type\":\"invalid_request_error\"").contains("\"message\":\"" + expectedStart);
        assertThat(AnthropicErrorShape.INSTANCE.status(error.kind())).isEqualTo(400);
    }
}
