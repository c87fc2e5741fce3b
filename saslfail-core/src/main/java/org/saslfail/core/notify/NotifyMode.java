package org.saslfail.core.notify;

import java.util.Locale;
import org.saslfail.core.model.Texts;

/** The values of {@code notify.mode}; the exact rules are in {@link NotificationPlanner}. */
public enum NotifyMode {
    NONE, SMART, IMMEDIATE, DAILY, WEEKLY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NotifyMode parse(String text) {
        for (NotifyMode m : values()) {
            if (m.id().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown notify.mode " + Texts.quoteShort(text)
                + " (none, smart, immediate, daily or weekly)");
    }

    /** Whether this mode mails a summary shortly after every local midnight. */
    boolean sendsDaily() {
        return this == SMART || this == DAILY;
    }
}
