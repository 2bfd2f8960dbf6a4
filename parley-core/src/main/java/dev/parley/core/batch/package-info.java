/**
 * Batch jobs in OpenAI's format: an uploaded input file of JSON lines ({@code BatchInput}, one {@code BatchRequest}
 * each), the {@code Batch} made of it with its {@code BatchStatus} and its items' {@code ItemState}s, the files
 * Parley keeps ({@code BatchFile}), the lines of a batch's output and error files ({@code BatchLines}), what an
 * item's answer means ({@code ItemVerdict}), when a batch is done ({@code BatchLifecycle}), and the port the store
 * implements ({@code BatchStore}). No I/O.
 */
package dev.parley.core.batch;
