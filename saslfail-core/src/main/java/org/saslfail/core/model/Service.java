package org.saslfail.core.model;

import java.util.Locale;

/** A mail service whose authentication failures saslfail watches. */
public enum Service {
    POSTFIX(new int[] {25, 465, 587}),
    DOVECOT(new int[] {110, 143, 993, 995, 4190});

    private final int[] ports;

    Service(int[] ports) {
        this.ports = ports;
    }

    /** The ports a ban blocks for this service. */
    public int[] ports() {
        return ports.clone();
    }

    /** The lower-case name used in config, jail names and the store. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Service parse(String text) {
        for (Service s : values()) {
            if (s.id().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service " + Texts.quoteShort(text) + " (postfix or dovecot)");
    }
}
