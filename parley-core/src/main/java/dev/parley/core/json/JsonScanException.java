package dev.parley.core.json;

/** A body that is not the JSON object a protocol requires; the message is safe to show the client. */
public final class JsonScanException extends RuntimeException {
    public JsonScanException(String message) {
        super(message);
    }
}
