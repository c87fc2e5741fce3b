package org.saslfail.fail2ban.intake;

/** fail2ban's database could not be read; the message names the file and the reason. */
public final class IntakeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IntakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
