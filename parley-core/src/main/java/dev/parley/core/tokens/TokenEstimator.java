package dev.parley.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.parley.core.model.Block;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.Message;
import dev.parley.core.model.Tool;
import java.util.List;

/**
 * Estimates the input tokens of a request with OpenAI's {@code o200k_base} vocabulary. It answers
 * {@code count_tokens} when the serving provider cannot count in the client's protocol; other providers'
 * tokenizers differ, so the figure is an estimate (typically within 10–20% for English text and code).
 *
 * <p>What is counted: the system prompt; every message's text, reasoning text, tool calls (name and argument
 * JSON) and tool results; every tool definition (name, description and argument schema). Images and documents
 * are not tokenized: each costs a fixed {@link #IMAGE_TOKENS} or {@link #DOCUMENT_TOKENS}, about what a
 * screenshot-sized image or a page-sized PDF costs at the providers. A few tokens per message and per tool stand
 * for the framing every protocol adds around them.
 */
public final class TokenEstimator {

    /** A typical image: Anthropic bills about (width × height) / 750, ~1,600 for a 1,092 × 1,092 screenshot. */
    public static final long IMAGE_TOKENS = 1_600;
    /** A document (PDF) of a few pages, text and page images together. */
    public static final long DOCUMENT_TOKENS = 3_000;
    /** Role markers and separators around each message (OpenAI's published rule of thumb). */
    static final long PER_MESSAGE = 3;
    /** The framing that declares a tool to the model. */
    static final long PER_TOOL = 8;
    /** The assistant turn the prompt ends with. */
    static final long REPLY_PRIMING = 3;

    // Loaded once, on first use: the vocabulary is a few megabytes and most Parleys never need it.
    private static final class Vocabulary {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private TokenEstimator() {
    }

    /** The tokens of plain text; special-token markers in it count as ordinary text. */
    public static long text(String text) {
        return text.isEmpty() ? 0 : Vocabulary.O200K.countTokensOrdinary(text);
    }

    /** The input tokens of a whole request: system, messages and tool definitions. */
    public static long request(ChatRequest request) {
        long tokens = REPLY_PRIMING;
        if (!request.system().isEmpty()) {
            tokens += PER_MESSAGE + text(request.systemText());
        }
        for (Message message : request.messages()) {
            tokens += PER_MESSAGE + blocks(message.blocks());
        }
        for (Tool tool : request.tools()) {
            tokens += PER_TOOL + tool(tool);
        }
        return tokens;
    }

    /** The tokens of texts to embed: each text alone, no framing. */
    public static long texts(List<String> texts) {
        long tokens = 0;
        for (String text : texts) {
            tokens += text(text);
        }
        return tokens;
    }

    private static long tool(Tool tool) {
        return switch (tool) {
            case Tool.Function f -> text(f.name()) + text(f.description()) + text(f.parameters());
            case Tool.Custom c -> text(c.name()) + text(c.description()) + text(c.format().orElse(""));
            case Tool.Hosted h -> text(h.name()) + text(h.definition());
        };
    }

    private static long blocks(List<Block> blocks) {
        long tokens = 0;
        for (Block block : blocks) {
            tokens += block(block);
        }
        return tokens;
    }

    private static long block(Block block) {
        return switch (block) {
            case Block.Text t -> text(t.text());
            case Block.Image i -> IMAGE_TOKENS;
            case Block.Document d -> DOCUMENT_TOKENS;
            case Block.Thinking t -> text(t.text());
            // Encrypted reasoning is replayed to the model, but its size says little about its tokens.
            case Block.RedactedThinking r -> 0;
            case Block.ToolCall c -> text(c.name()) + text(c.arguments());
            case Block.ToolResult r -> text(r.name().orElse("")) + blocks(r.content());
        };
    }
}
