package dev.parley.testkit;

/**
 * One scripted answer of the fake provider: a {@link Reply} it renders in whatever protocol the request came in on,
 * or a {@link Fault} it commits on the wire instead.
 */
public sealed interface Answer permits Reply, Fault {}
