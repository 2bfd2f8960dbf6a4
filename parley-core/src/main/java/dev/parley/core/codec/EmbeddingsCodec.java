package dev.parley.core.codec;

import dev.parley.core.model.Embeddings;

/** Embeddings as one protocol speaks them (OpenAI {@code /v1/embeddings}, Gemini {@code batchEmbedContents}). */
public interface EmbeddingsCodec {

    /**
     * Parses a client's embeddings request.
     *
     * @throws CodecException naming the bad field
     */
    Embeddings.Request parseEmbeddingsRequest(byte[] body, RequestTarget target);

    /** The answer in the shape of the client's request ({@code request} is the body it sent). */
    byte[] writeEmbeddingsResponse(Embeddings.Response response, byte[] request);

    UpstreamCall writeEmbeddingsRequest(Embeddings.Request request, String upstreamModel);

    /**
     * Parses a provider's embeddings answer.
     *
     * @throws CodecException if it is not one
     */
    Embeddings.Response parseEmbeddingsResponse(byte[] body);
}
