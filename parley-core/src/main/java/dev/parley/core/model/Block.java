package dev.parley.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One piece of a message's content. */
public sealed interface Block {

    /**
     * Text. {@code cacheHint} records that the client marked a prompt-cache breakpoint here (Anthropic
     * {@code cache_control}); protocols with implicit caching ignore it.
     */
    record Text(String text, boolean cacheHint) implements Block {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        public Text(String text) {
            this(text, false);
        }
    }

    record Image(Media source) implements Block {
        public Image {
            Objects.requireNonNull(source, "source");
        }
    }

    /** A file such as a PDF; {@code title} is its file name or title where the client gave one. */
    record Document(Media source, Optional<String> title) implements Block {
        public Document {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(title, "title");
        }
    }

    /** Visible reasoning text, with the opaque token that lets the same provider resume it. */
    record Thinking(String text, Optional<Signature> signature) implements Block {
        public Thinking {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /** Reasoning the provider returned only in encrypted form (Anthropic {@code redacted_thinking}). */
    record RedactedThinking(Signature data) implements Block {
        public RedactedThinking {
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * The model calling a tool. {@code arguments} is JSON text: normally an object, but it may be truncated or
     * invalid when the model ran out of tokens, so it is kept as the model wrote it.
     */
    record ToolCall(String id, String name, String arguments, Optional<Signature> signature) implements Block {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /**
     * A tool's answer to the call {@code callId}. {@code content} holds only {@link Text}, {@link Image} and
     * {@link Document} blocks; {@code name} is the tool's name where the protocol carries it.
     */
    record ToolResult(String callId, Optional<String> name, List<Block> content, boolean isError) implements Block {
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(name, "name");
            content = List.copyOf(content);
            for (Block block : content) {
                if (!(block instanceof Text || block instanceof Image || block instanceof Document)) {
                    throw new IllegalArgumentException("a tool result holds text, images and documents only");
                }
            }
        }

        /** The text parts joined, for protocols whose tool results are text only. */
        public String text() {
            StringBuilder text = new StringBuilder();
            for (Block block : content) {
                if (block instanceof Text t) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(t.text());
                }
            }
            return text.toString();
        }
    }
}
