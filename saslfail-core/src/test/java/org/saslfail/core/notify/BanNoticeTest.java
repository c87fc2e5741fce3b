package org.saslfail.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;

class BanNoticeTest {
    private static final Instant T = Instant.parse("2026-06-10T10:00:00Z");

    private static Outcome offense(String offender, int strike, Duration ban) {
        BanEvent e = BanEvent.ban("saslfail-postfix", "203.0.113.9", T);
        IpPrefix p = IpPrefix.parse(offender);
        Offense o = new Offense(p, IpAddress.parse("203.0.113.9"), Service.POSTFIX, strike,
                JailName.of("saslfail-strike" + strike), T, ban == null ? null : T.plus(ban), null);
        return new Outcome(e, Outcome.Result.OFFENSE, p, Service.POSTFIX, o, "");
    }

    @Test
    void offensesBecomeNoticesOfTheirKind() {
        assertEquals(BanNotice.Kind.FIRST_BAN, BanNotice.from(offense("203.0.113.9", 1, Duration.ofHours(48)), List.of()).get().kind());
        assertEquals(BanNotice.Kind.SECOND_BAN, BanNotice.from(offense("203.0.113.9", 2, Duration.ofDays(8)), List.of()).get().kind());
        assertEquals(BanNotice.Kind.REPEAT_BAN, BanNotice.from(offense("203.0.113.9", 3, Duration.ofDays(32)), List.of()).get().kind());
        assertEquals(BanNotice.Kind.PERMANENT_BAN, BanNotice.from(offense("203.0.113.9", 4, null), List.of()).get().kind());
        assertEquals(BanNotice.Kind.SUBNET_BAN, BanNotice.from(offense("203.0.113.0/24", 1, Duration.ofHours(48)), List.of()).get().kind());
        assertEquals(BanNotice.Kind.FIRST_BAN, BanNotice.from(offense("2001:db8::/64", 1, Duration.ofHours(48)), List.of()).get().kind());
    }

    @Test
    void usernamesTravelWithTheNoticeAndRestoresAreNotNotified() {
        BanNotice n = BanNotice.from(offense("203.0.113.9", 1, Duration.ofHours(48)), List.of("alice", "bob")).get();
        assertEquals(List.of("alice", "bob"), n.usernames());
        Outcome restore = new Outcome(BanEvent.restore("saslfail-postfix", "203.0.113.9", T), Outcome.Result.RESTORE,
                IpPrefix.parse("203.0.113.9"), Service.POSTFIX, null, "");
        assertTrue(BanNotice.from(restore, List.of()).isEmpty());
    }
}
