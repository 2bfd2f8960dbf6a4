/** Parley app. */
package dev.parley.app;
