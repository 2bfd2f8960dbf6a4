package dev.parley.core.codec;

import dev.parley.core.model.ChatRequest;
import dev.parley.core.model.ChatResponse;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.Protocol;

/** One protocol as providers speak it: write requests to them, read their answers and errors. */
public interface UpstreamCodec {

    Protocol protocol();

    /**
     * The provider request for {@code request}, naming {@code upstreamModel}, streaming or not as
     * {@code request.stream()} says. What the protocol cannot express is dropped; what it constrains (tool-call
     * ids, names, schemas, signatures from other providers) is made valid.
     */
    UpstreamCall writeRequest(ChatRequest request, String upstreamModel);

    /**
     * Parses a provider's non-streaming answer.
     *
     * @throws CodecException if the body is not a valid answer of this protocol
     */
    ChatResponse parseResponse(byte[] body);

    /** A decoder for one streamed provider answer. */
    StreamDecoder streamDecoder();

    /**
     * A provider's error response in Parley's terms: the kind from the status and the body's error type, the
     * provider's message kept (clients match on its wording), and any retry delay the body carries.
     */
    ApiError parseError(int status, byte[] body);
}
