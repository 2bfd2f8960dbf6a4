/** Parley store. */
package dev.parley.store;
