package org.saslfail.core.port.out;

/** fail2ban could not be reached or refused a command; the message keeps fail2ban's words. */
public class JailUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JailUnavailableException(String message) {
        super(message);
    }

    public JailUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
