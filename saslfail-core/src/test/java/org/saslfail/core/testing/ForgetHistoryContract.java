package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.saslfail.core.testing.OffenseStoreContract.D32;
import static org.saslfail.core.testing.OffenseStoreContract.H48;
import static org.saslfail.core.testing.OffenseStoreContract.days;
import static org.saslfail.core.testing.OffenseStoreContract.offense;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.port.out.ForgetHistoryPort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;

/**
 * What every {@link ForgetHistoryPort} must do, written once beside {@link OffenseStoreContract}
 * (an implementation's test implements both): lifting ends running bans inside a prefix and keeps
 * the history; forgetting erases the offenses and the events inside it, and nothing else.
 */
public interface ForgetHistoryContract<S extends LoadHistoryPort & RecordOutcomePort & ReportQueryPort & ForgetHistoryPort> {

    S store();

    @Test
    default void liftEndsTheRunningBansInsideThePrefixAndKeepsTheHistory() {
        S s = store();
        s.recordAll(List.of(offense("203.0.113.9", days(0), 1, H48), offense("203.0.113.9", days(10), 2, D32),
                offense("203.0.113.10", days(10), 2, D32), offense("198.51.100.1", days(10), 2, D32)));
        assertEquals(2, s.lift(IpPrefix.parse("203.0.113.0/24"), days(11)));
        List<Offense> h = s.history(IpPrefix.parse("203.0.113.9"), days(0));
        assertEquals(2, h.size(), "history kept");
        assertFalse(h.get(1).activeAt(days(12)), "lifted");
        assertEquals(days(11), h.get(1).liftedAt());
        assertTrue(s.history(IpPrefix.parse("198.51.100.1"), days(0)).get(0).activeAt(days(12)), "outside the prefix");
        assertEquals(0, s.lift(IpPrefix.parse("203.0.113.0/24"), days(11)), "nothing runs any more");
    }

    /**
     * fail2ban rounds its ban times to the second: a ban made at 10:00:00.6 is dated 10:00:01, and an
     * unban at 10:00:00.8 must still end it (it stayed running, and the address's next ban was taken
     * for a repeat of it).
     */
    @Test
    default void liftEndsABanDatedAMomentAfterIt() {
        S s = store();
        java.time.Instant at = days(10).plusMillis(1000);
        java.time.Instant lift = days(10).plusMillis(800);
        s.recordAll(List.of(offense("203.0.113.9", days(0), 1, H48), offense("203.0.113.9", at, 2, D32)));
        assertEquals(1, s.lift(IpPrefix.parse("203.0.113.9"), lift));
        Offense second = s.history(IpPrefix.parse("203.0.113.9"), days(0)).get(1);
        assertEquals(at, second.liftedAt(), "ends where it begins");
        assertFalse(second.activeAt(at.plusMillis(1)), "never runs");
        assertEquals(0, s.lift(IpPrefix.parse("203.0.113.9"), lift), "nothing left to lift");
    }

    @Test
    default void forgetErasesTheOffensesAndEventsInsideThePrefixOnly() {
        S s = store();
        var first = offense("203.0.113.9", days(0), 1, H48);
        s.recordAll(List.of(first, offense("203.0.113.9", days(10), 2, D32), offense("198.51.100.1", days(10), 2, D32)));
        assertEquals(2, s.forget(IpPrefix.parse("203.0.113.9")));
        assertEquals(List.of(), s.offensesWithin(IpPrefix.parse("203.0.113.9")));
        assertFalse(s.seen(first.event().key()), "its events are gone too: the same ban counts again");
        assertEquals(1, s.offensesWithin(IpPrefix.parse("198.51.100.1")).size());
        assertEquals(0, s.forget(IpPrefix.parse("203.0.113.9")));
    }
}
