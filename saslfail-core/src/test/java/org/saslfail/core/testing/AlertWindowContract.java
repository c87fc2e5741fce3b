package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Service;
import org.saslfail.core.notify.BanNotice;
import org.saslfail.core.port.out.AlertWindowPort;

/** The behaviour every {@link AlertWindowPort} shares; an implementation's test implements this. */
public interface AlertWindowContract {
    Instant W0 = Instant.parse("2026-03-01T10:00:00.123Z");

    /** A fresh, empty alert window. */
    AlertWindowPort alertWindow();

    @Test
    default void heldNoticesComeBackWhole() {
        AlertWindowPort w = alertWindow();
        assertTrue(w.held().isEmpty());
        // user names are attacker text: separators, quotes, non-ASCII and an empty one survive as they were
        BanNotice first = new BanNotice(BanNotice.Kind.FIRST_BAN, W0, IpPrefix.parse("203.0.113.7"), 1,
                Service.POSTFIX, W0.plusSeconds(3600), List.of("alice", "b,o\nb", "\"%2C'", "ümlaut", ""));
        BanNotice subnet = new BanNotice(BanNotice.Kind.SUBNET_BAN, W0.plusSeconds(2), IpPrefix.parse("198.51.100.0/24"), 1,
                Service.DOVECOT, null, List.of());
        BanNotice v6 = new BanNotice(BanNotice.Kind.PERMANENT_BAN, W0.plusSeconds(1), IpPrefix.parse("2001:db8::/64"), 6,
                Service.POSTFIX, null, List.of("root"));
        w.hold(first);
        w.hold(subnet);
        w.hold(v6);
        assertEquals(List.of(first, subnet, v6), w.held());
    }

    @Test
    default void releaseForgetsEveryNoticeAndTheWindowFillsAgain() {
        AlertWindowPort w = alertWindow();
        BanNotice a = new BanNotice(BanNotice.Kind.FIRST_BAN, W0, IpPrefix.parse("203.0.113.1"), 1, Service.POSTFIX,
                W0.plusSeconds(60), List.of());
        BanNotice b = new BanNotice(BanNotice.Kind.REPEAT_BAN, W0.plusSeconds(600), IpPrefix.parse("203.0.113.2"), 3,
                Service.DOVECOT, W0.plusSeconds(6000), List.of("x"));
        w.hold(a);
        w.release();
        assertTrue(w.held().isEmpty());
        w.hold(b);
        assertEquals(List.of(b), w.held());
    }
}
