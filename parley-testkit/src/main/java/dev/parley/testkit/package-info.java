/** Parley testkit. */
package dev.parley.testkit;
