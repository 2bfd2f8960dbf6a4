/**
 * Small statistics shared by the ledger's rollups and the channels' status: {@link
 * dev.parley.core.stats.LogBuckets}, log-spaced histogram buckets whose counts add up across rows, replicas and
 * time buckets, and the percentiles read from them.
 */
@NullMarked
package dev.parley.core.stats;

import org.jspecify.annotations.NullMarked;
