/** Parley bench. */
package dev.parley.bench;
