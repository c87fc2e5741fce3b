package org.saslfail.core.port.in;

/**
 * What a use case was asked is wrong (an unreadable address, an ignored target, a strike out of
 * range), as opposed to a failure while doing it: callers report it as a usage error.
 */
public class InvalidCommandException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidCommandException(String message) {
        super(message);
    }

    public InvalidCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
