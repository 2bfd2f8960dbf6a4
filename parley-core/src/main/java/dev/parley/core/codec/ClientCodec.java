package dev.parley.core.codec;

import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.protocol.Protocol;

/** One protocol as clients speak it: read their requests, write answers in their shape. */
public interface ClientCodec {

    Protocol protocol();

    /**
     * Parses a client's request body.
     *
     * @throws CodecException if the body is not a valid request of this protocol; the message names the field
     */
    ChatRequest parseRequest(byte[] body, RequestTarget target);

    /**
     * The non-streaming answer body for the client.
     *
     * @param request the client's request as parsed, for what it asked (e.g. which tools were freeform)
     */
    byte[] writeResponse(ChatResponse response, ChatRequest request);

    /** An encoder for one streamed answer to this client. */
    StreamEncoder streamEncoder(ChatRequest request);
}
