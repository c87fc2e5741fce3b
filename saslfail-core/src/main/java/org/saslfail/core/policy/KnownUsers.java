package org.saslfail.core.policy;

import java.util.Locale;
import org.saslfail.core.model.Texts;

/** What {@code known_users} does with the address of a user who logged in successfully. */
public enum KnownUsers {
    /** Banned at strike 1 as usual, never escalated, never counted toward a subnet, never permanent. */
    CAP,
    /** Not banned by saslfail at all: lifted from the strike-1 jail, no offense recorded. */
    IGNORE,
    /** Successful logins change nothing. */
    OFF;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KnownUsers parse(String text) {
        for (KnownUsers k : values()) {
            if (k.id().equals(text.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown known_users mode " + Texts.quoteShort(text) + " (cap, ignore or off)");
    }
}
