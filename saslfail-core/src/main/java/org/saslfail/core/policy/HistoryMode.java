package org.saslfail.core.policy;

/** Whether Postfix and Dovecot offenses of one address count together or apart. */
public enum HistoryMode {
    /** One history per address across services (the default). */
    SHARED,
    /** Separate histories per service, as the bash original kept them. */
    PER_SERVICE;

    public static HistoryMode parse(String text) {
        return switch (text) {
            case "shared" -> SHARED;
            case "per-service" -> PER_SERVICE;
            default -> throw new IllegalArgumentException("history must be shared or per-service, got '" + text + "'");
        };
    }
}
