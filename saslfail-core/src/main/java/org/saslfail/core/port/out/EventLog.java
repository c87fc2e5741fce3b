package org.saslfail.core.port.out;

/**
 * Where a running daemon says what it decided and what changed: one line per event. The CLI's
 * daemon writes these lines to stderr with a timestamp; an embedding tool may send them to its
 * own logging. Messages are single lines; attacker text in them is already quoted.
 */
public interface EventLog {

    void info(String message);

    void warn(String message);

    /** @param cause for a debugging stack trace; may be null */
    void error(String message, Throwable cause);

    /** Sends the lines to {@link System.Logger} {@code org.saslfail} (JUL by default). */
    static EventLog systemLogger() {
        System.Logger logger = System.getLogger("org.saslfail");
        return new EventLog() {
            @Override
            public void info(String message) {
                logger.log(System.Logger.Level.INFO, message);
            }

            @Override
            public void warn(String message) {
                logger.log(System.Logger.Level.WARNING, message);
            }

            @Override
            public void error(String message, Throwable cause) {
                logger.log(System.Logger.Level.ERROR, message, cause);
            }
        };
    }
}
