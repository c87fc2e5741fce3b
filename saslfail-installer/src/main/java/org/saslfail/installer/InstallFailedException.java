package org.saslfail.installer;

/** A step failed at run time (exit code 1); the message says what was restored. */
public final class InstallFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InstallFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public InstallFailedException(String message) {
        super(message);
    }
}
