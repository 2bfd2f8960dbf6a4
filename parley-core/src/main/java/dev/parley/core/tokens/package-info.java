/**
 * Local token estimates, for token-count requests that no provider can answer (a count_tokens call routed to a
 * provider of another protocol). Pure: the vocabulary ships inside the tokenizer library.
 */
@NullMarked
package dev.parley.core.tokens;

import org.jspecify.annotations.NullMarked;
