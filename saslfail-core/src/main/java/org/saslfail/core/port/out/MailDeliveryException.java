package org.saslfail.core.port.out;

/** The MTA could not be reached or refused a mail; the message says which and why. */
public class MailDeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MailDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }

    public MailDeliveryException(String message) {
        super(message);
    }
}
