package org.saslfail.cli;

/** A problem with what the user asked for (a bad argument, a missing input file): exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
