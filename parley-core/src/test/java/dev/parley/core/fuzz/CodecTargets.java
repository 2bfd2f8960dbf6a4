package dev.parley.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.codec.CodecException;
import dev.parley.core.codec.Codecs;
import dev.parley.core.codec.RequestTarget;
import dev.parley.core.codec.StreamDecoder;
import dev.parley.core.codec.StreamEncoder;
import dev.parley.core.codec.UpstreamCall;
import dev.parley.core.codec.UpstreamCodec;
import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.model.ResponseEvents;
import dev.parley.core.model.StreamAccumulator;
import dev.parley.core.model.StreamEvent;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.Protocol;
import dev.parley.core.sse.SseEvent;
import dev.parley.core.sse.SseException;
import dev.parley.core.sse.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every codec fuzz target checks, per protocol. A codec may refuse what it reads only with a
 * {@link CodecException} (the documented refusal, which Parley answers as the client's or the provider's error);
 * what it accepts must go on through the rest of the translation path without any exception: a parsed request
 * written for every provider, a parsed answer written for every client, decoded stream events encoded for every
 * client. Every body Parley writes must be JSON.
 */
final class CodecTargets {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int[] STATUSES = {400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 529};
    private static final String MODEL = "fuzz-model";

    /** A plain request of each client protocol, for the writers that need to know what the client asked. */
    private static final Map<Protocol, ChatRequest> PLAIN = plainRequests();

    private CodecTargets() {
    }

    static void request(Protocol protocol, byte[] body) {
        ChatRequest request;
        try {
            request = Codecs.client(protocol).parseRequest(body, target(protocol));
        } catch (CodecException refused) {
            return;
        }
        for (Protocol upstream : Protocol.values()) {
            UpstreamCall call;
            try {
                call = Codecs.upstream(upstream).writeRequest(request, MODEL);
            } catch (CodecException refused) {
                continue; // what the provider's protocol cannot carry is the client's error
            }
            assertJson(call.body());
        }
    }

    static void response(Protocol protocol, byte[] body) {
        ChatResponse response;
        try {
            response = Codecs.upstream(protocol).parseResponse(body);
        } catch (CodecException refused) {
            return;
        }
        for (Protocol client : Protocol.values()) {
            assertJson(Codecs.client(client).writeResponse(response, PLAIN.get(client)));
        }
        encodeForEveryClient(ResponseEvents.of(response));
    }

    static void error(Protocol protocol, byte[] body) {
        UpstreamCodec codec = Codecs.upstream(protocol);
        for (int status : STATUSES) {
            ApiError error = codec.parseError(status, body);
            assertThat(error).isNotNull();
            assertThat(error.message()).isNotNull();
        }
    }

    static void stream(Protocol protocol, byte[] stream) {
        List<SseEvent> events;
        try {
            events = new SseParser().feed(stream);
        } catch (SseException refused) {
            return;
        }
        StreamDecoder decoder = Codecs.upstream(protocol).streamDecoder();
        List<StreamEvent> decoded = new ArrayList<>();
        for (SseEvent event : events) {
            assertThat(decoder.billing(event)).isNotNull();
            decoded.addAll(decoder.decode(event));
        }
        decoded.addAll(decoder.end());
        encodeForEveryClient(decoded);
        StreamAccumulator answer = new StreamAccumulator();
        decoded.forEach(answer::accept);
        if (answer.failure().isEmpty()) {
            ChatResponse response = answer.response();
            for (Protocol client : Protocol.values()) {
                assertJson(Codecs.client(client).writeResponse(response, PLAIN.get(client)));
            }
        }
    }

    private static void encodeForEveryClient(List<StreamEvent> events) {
        for (Protocol client : Protocol.values()) {
            StreamEncoder encoder = Codecs.client(client).streamEncoder(PLAIN.get(client));
            for (StreamEvent event : events) {
                assertThat(encoder.encode(event)).isNotNull();
            }
        }
    }

    private static RequestTarget target(Protocol protocol) {
        return switch (protocol) {
            case GEMINI -> new RequestTarget(Optional.of(MODEL), true);
            case OPENAI_CHAT, OPENAI_RESPONSES, ANTHROPIC_MESSAGES -> RequestTarget.BODY;
        };
    }

    private static void assertJson(byte[] body) {
        assertThat(JSON.readTree(body)).isNotNull();
    }

    private static Map<Protocol, ChatRequest> plainRequests() {
        Map<Protocol, ChatRequest> plain = new EnumMap<>(Protocol.class);
        for (Protocol protocol : Protocol.values()) {
            String body = switch (protocol) {
                case OPENAI_CHAT -> "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                case OPENAI_RESPONSES -> "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}";
                case ANTHROPIC_MESSAGES -> "{\"model\":\"m\",\"stream\":true,\"max_tokens\":16,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                case GEMINI -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
            };
            plain.put(protocol, Codecs.client(protocol).parseRequest(body.getBytes(StandardCharsets.UTF_8),
                    target(protocol)));
        }
        return plain;
    }
}
