/**
 * Google's Gemini API as a client protocol and as an upstream: {@link dev.parley.core.codec.gemini.GeminiCodec}
 * is the entry point; the other classes are its readers and writers, one concern each.
 */
@NullMarked
package dev.parley.core.codec.gemini;

import org.jspecify.annotations.NullMarked;
