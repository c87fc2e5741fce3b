package org.saslfail.core.model;

/** An address or prefix text that is not valid; the message names the offending value. */
public class InvalidAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidAddressException(String message) {
        super(message);
    }
}
