package dev.parley.testkit;

/** A request the fake refuses as a provider would, with a 400 in the protocol's error shape. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
