package org.saslfail.fail2ban.client;

import org.saslfail.core.port.out.JailUnavailableException;

/**
 * fail2ban could not be reached, or it refused a command. The message is one line that says
 * which; for refusals it keeps fail2ban's own words (e.g. the unknown jail's name).
 */
public final class Fail2banException extends JailUnavailableException {
    private static final long serialVersionUID = 1L;

    /** Why the command failed. */
    public enum Reason {
        /** The socket file does not exist: fail2ban is not running or the path is wrong. */
        SOCKET_MISSING,
        /** The socket exists but this user may not use it (only root may). */
        PERMISSION_DENIED,
        /** Nobody listens on the socket, or fail2ban did not answer in time. */
        NOT_ANSWERING,
        /** fail2ban does not know the jail. */
        UNKNOWN_JAIL,
        /** fail2ban answered with an error (its message is kept). */
        REFUSED,
        /** The reply could not be understood. */
        PROTOCOL
    }

    private final Reason reason;

    Fail2banException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    Fail2banException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
