package org.saslfail.store;

/** The store could not be opened or used; the message is one line naming the database and what was wrong. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
