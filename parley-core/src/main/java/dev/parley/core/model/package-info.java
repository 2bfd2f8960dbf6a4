/**
 * The internal model: one protocol-neutral shape for a model request, its response and its stream of events.
 * Every protocol codec parses into it and writes out of it, so N codecs replace N×N converters. Plain records
 * and sealed interfaces; JSON that Parley never needs to look inside (tool schemas, tool arguments, hosted tool
 * definitions) is kept as raw JSON text.
 */
@NullMarked
package dev.parley.core.model;

import org.jspecify.annotations.NullMarked;
