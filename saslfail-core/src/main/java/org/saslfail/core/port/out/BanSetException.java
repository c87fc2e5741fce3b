package org.saslfail.core.port.out;

/** The ban set refused a change or could not be reached; the message keeps the set's own words. */
public class BanSetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BanSetException(String message) {
        super(message);
    }

    public BanSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
