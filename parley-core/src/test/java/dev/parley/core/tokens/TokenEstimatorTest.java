package dev.parley.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Media;
import dev.parley.core.model.Message;
import dev.parley.core.model.Role;
import dev.parley.core.model.Tool;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    @Test
    void countsTextWithO200kBase() {
        // "Hello, world!" is 4 tokens in o200k_base: "Hello", ",", " world", "!".
        assertThat(TokenEstimator.text("Hello, world!")).isEqualTo(4);
        assertThat(TokenEstimator.text("")).isZero();
    }

    @Test
    void specialTokenMarkersAreOrdinaryText() {
        assertThat(TokenEstimator.text("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void aRequestCountsSystemMessagesAndFraming() {
        ChatRequest request = ChatRequest.builder("m").system(List.of(new Block.Text("Be terse.")))
                .messages(List.of(Message.user("Hello, world!"))).build();
        long expected = TokenEstimator.REPLY_PRIMING
                + TokenEstimator.PER_MESSAGE + TokenEstimator.text("Be terse.")
                + TokenEstimator.PER_MESSAGE + 4;
        assertThat(TokenEstimator.request(request)).isEqualTo(expected);
    }

    @Test
    void toolDefinitionsCountNameDescriptionAndSchema() {
        String schema = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";
        ChatRequest bare = ChatRequest.builder("m").messages(List.of(Message.user("hi"))).build();
        ChatRequest withTool = bare.toBuilder()
                .tools(List.of(new Tool.Function("get_weather", "Weather for a city.", schema, Optional.empty())))
                .build();
        long toolTokens = TokenEstimator.text("get_weather") + TokenEstimator.text("Weather for a city.")
                + TokenEstimator.text(schema) + TokenEstimator.PER_TOOL;
        assertThat(TokenEstimator.request(withTool) - TokenEstimator.request(bare)).isEqualTo(toolTokens);
    }

    @Test
    void imagesAndDocumentsCostAFixedAmountWhateverTheirSize() {
        Media small = new Media.Base64("image/png", "iVBORw0KGgo=");
        Media large = new Media.Base64("image/png", "A".repeat(200_000));
        ChatRequest one = request(new Block.Image(small));
        ChatRequest other = request(new Block.Image(large));
        ChatRequest text = request(new Block.Text(""));
        assertThat(TokenEstimator.request(one)).isEqualTo(TokenEstimator.request(other));
        assertThat(TokenEstimator.request(one) - TokenEstimator.request(text)).isEqualTo(TokenEstimator.IMAGE_TOKENS);
        ChatRequest pdf = request(new Block.Document(new Media.Url("https://example.com/a.pdf", Optional.empty()),
                Optional.of("a.pdf")));
        assertThat(TokenEstimator.request(pdf) - TokenEstimator.request(text)).isEqualTo(TokenEstimator.DOCUMENT_TOKENS);
    }

    @Test
    void toolCallsAndResultsCount() {
        ChatRequest request = ChatRequest.builder("m").messages(List.of(
                new Message(Role.ASSISTANT, List.of(new Block.ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}",
                        Optional.empty()))),
                new Message(Role.USER, List.of(new Block.ToolResult("call_1", Optional.empty(),
                        List.of(new Block.Text("12 degrees")), false))))).build();
        long expected = TokenEstimator.REPLY_PRIMING + 2 * TokenEstimator.PER_MESSAGE
                + TokenEstimator.text("get_weather") + TokenEstimator.text("{\"city\":\"Oslo\"}")
                + TokenEstimator.text("12 degrees");
        assertThat(TokenEstimator.request(request)).isEqualTo(expected);
    }

    @Test
    void embeddingInputsAreSummed() {
        assertThat(TokenEstimator.texts(List.of("Hello, world!", "Hello, world!"))).isEqualTo(8);
    }

    private static ChatRequest request(Block block) {
        return ChatRequest.builder("m").messages(List.of(new Message(Role.USER, List.of(block)))).build();
    }
}
