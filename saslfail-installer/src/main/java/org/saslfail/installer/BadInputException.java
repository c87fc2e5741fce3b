package org.saslfail.installer;

/** Something the administrator asked for is wrong (exit code 2); nothing was changed. */
public final class BadInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
