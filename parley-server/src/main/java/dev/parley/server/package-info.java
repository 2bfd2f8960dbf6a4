/** Parley server. */
package dev.parley.server;
