/**
 * What a protocol codec is: the contracts each wire format implements once ({@link ClientCodec} for clients
 * that speak it, {@link UpstreamCodec} for providers that speak it), and the JSON helpers they share. The
 * codecs themselves live in one sub-package per protocol. Pure: bytes in, bytes out.
 */
@NullMarked
package dev.parley.core.codec;

import org.jspecify.annotations.NullMarked;
