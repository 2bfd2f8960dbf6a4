package dev.parley.core.pricing;

/** The price data cannot be read; the message names the entry and the field. */
public final class PriceDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PriceDataException(String where, String reason) {
        super(where + ": " + reason);
    }
}
