package dev.parley.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A model request in Parley's own terms: what every inbound protocol parses into and every upstream protocol
 * is written from. Fields a protocol cannot express are dropped by that protocol's writer, never here.
 *
 * @param model            the model name the client asked for
 * @param system           the leading system and developer prompt, in order
 * @param messages         the conversation
 * @param stop             stop sequences, in the client's order
 * @param user             an end-user identifier for the provider's abuse tracking
 * @param cacheKey         a prompt-cache key (OpenAI {@code prompt_cache_key})
 * @param stream           whether the client wants a stream
 * @param streamUsage      whether an OpenAI Chat client asked for the usage chunk
 */
public record ChatRequest(
        String model,
        List<Block.Text> system,
        List<Message> messages,
        List<Tool> tools,
        Optional<ToolChoice> toolChoice,
        Optional<Boolean> parallelToolCalls,
        OptionalInt maxOutputTokens,
        OptionalDouble temperature,
        OptionalDouble topP,
        OptionalInt topK,
        List<String> stop,
        Optional<Reasoning> reasoning,
        Optional<ResponseFormat> responseFormat,
        Optional<String> user,
        Optional<String> cacheKey,
        OptionalLong seed,
        boolean stream,
        boolean streamUsage) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(parallelToolCalls, "parallelToolCalls");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(topP, "topP");
        Objects.requireNonNull(topK, "topK");
        stop = List.copyOf(stop);
        Objects.requireNonNull(reasoning, "reasoning");
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(cacheKey, "cacheKey");
        Objects.requireNonNull(seed, "seed");
    }

    public static Builder builder(String model) {
        return new Builder(model);
    }

    public Builder toBuilder() {
        Builder b = new Builder(model);
        b.system = system;
        b.messages = messages;
        b.tools = tools;
        b.toolChoice = toolChoice;
        b.parallelToolCalls = parallelToolCalls;
        b.maxOutputTokens = maxOutputTokens;
        b.temperature = temperature;
        b.topP = topP;
        b.topK = topK;
        b.stop = stop;
        b.reasoning = reasoning;
        b.responseFormat = responseFormat;
        b.user = user;
        b.cacheKey = cacheKey;
        b.seed = seed;
        b.stream = stream;
        b.streamUsage = streamUsage;
        return b;
    }

    /** The system prompt as one text, blocks separated by blank lines. */
    public String systemText() {
        StringBuilder text = new StringBuilder();
        for (Block.Text block : system) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(block.text());
        }
        return text.toString();
    }

    /** The tool's declaration, if the request declares one by that name. */
    public Optional<Tool> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Mutable assembly for parsers; {@link #build()} validates. */
    public static final class Builder {
        private String model;
        private List<Block.Text> system = List.of();
        private List<Message> messages = List.of();
        private List<Tool> tools = List.of();
        private Optional<ToolChoice> toolChoice = Optional.empty();
        private Optional<Boolean> parallelToolCalls = Optional.empty();
        private OptionalInt maxOutputTokens = OptionalInt.empty();
        private OptionalDouble temperature = OptionalDouble.empty();
        private OptionalDouble topP = OptionalDouble.empty();
        private OptionalInt topK = OptionalInt.empty();
        private List<String> stop = List.of();
        private Optional<Reasoning> reasoning = Optional.empty();
        private Optional<ResponseFormat> responseFormat = Optional.empty();
        private Optional<String> user = Optional.empty();
        private Optional<String> cacheKey = Optional.empty();
        private OptionalLong seed = OptionalLong.empty();
        private boolean stream;
        private boolean streamUsage;

        private Builder(String model) {
            this.model = model;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder system(List<Block.Text> value) {
            system = value;
            return this;
        }

        public Builder messages(List<Message> value) {
            messages = value;
            return this;
        }

        public Builder tools(List<Tool> value) {
            tools = value;
            return this;
        }

        public Builder toolChoice(ToolChoice value) {
            toolChoice = Optional.of(value);
            return this;
        }

        public Builder toolChoice(Optional<ToolChoice> value) {
            toolChoice = value;
            return this;
        }

        public Builder parallelToolCalls(boolean value) {
            parallelToolCalls = Optional.of(value);
            return this;
        }

        public Builder maxOutputTokens(int value) {
            maxOutputTokens = OptionalInt.of(value);
            return this;
        }

        public Builder maxOutputTokens(OptionalInt value) {
            maxOutputTokens = value;
            return this;
        }

        public Builder temperature(double value) {
            temperature = OptionalDouble.of(value);
            return this;
        }

        public Builder topP(double value) {
            topP = OptionalDouble.of(value);
            return this;
        }

        public Builder topK(int value) {
            topK = OptionalInt.of(value);
            return this;
        }

        public Builder stop(List<String> value) {
            stop = value;
            return this;
        }

        public Builder reasoning(Reasoning value) {
            reasoning = Optional.of(value);
            return this;
        }

        public Builder reasoning(Optional<Reasoning> value) {
            reasoning = value;
            return this;
        }

        public Builder responseFormat(ResponseFormat value) {
            responseFormat = Optional.of(value);
            return this;
        }

        public Builder user(String value) {
            user = Optional.of(value);
            return this;
        }

        public Builder cacheKey(String value) {
            cacheKey = Optional.of(value);
            return this;
        }

        public Builder seed(long value) {
            seed = OptionalLong.of(value);
            return this;
        }

        public Builder stream(boolean value) {
            stream = value;
            return this;
        }

        public Builder streamUsage(boolean value) {
            streamUsage = value;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(model, system, messages, tools, toolChoice, parallelToolCalls, maxOutputTokens,
                    temperature, topP, topK, stop, reasoning, responseFormat, user, cacheKey, seed, stream, streamUsage);
        }
    }
}
