/**
 * The Anthropic Messages codec: Claude clients (Claude Code) in, Anthropic upstreams out. {@link
 * dev.parley.core.codec.anthropic.AnthropicCodec} is the entry point; the package-private classes each handle one
 * direction: requests read and written, answers read and written, streams decoded and encoded, errors.
 */
@NullMarked
package dev.parley.core.codec.anthropic;

import org.jspecify.annotations.NullMarked;
