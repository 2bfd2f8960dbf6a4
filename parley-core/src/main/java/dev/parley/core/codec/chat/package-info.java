/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}, {@code /v1/embeddings}) as clients speak it and as
 * providers speak it. {@link ChatCodec} is the entry point; the package-private classes each do one direction of
 * one kind of body.
 */
@NullMarked
package dev.parley.core.codec.chat;

import org.jspecify.annotations.NullMarked;
