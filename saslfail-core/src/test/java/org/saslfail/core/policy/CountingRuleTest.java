package org.saslfail.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.report.Standing;

/** The one rule for which offenses count (forget_after and history), at its boundaries. */
class CountingRuleTest {
    private static final Instant NOW = Instant.parse("2027-03-01T10:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);
    private static final IpPrefix IP = IpPrefix.parse("203.0.113.9");
    private static final List<Service> BOTH = List.of(Service.POSTFIX, Service.DOVECOT);

    private static Escalator escalator(HistoryMode mode) {
        EscalationPolicy d = EscalationPolicy.defaults();
        return new Escalator(new EscalationPolicy(d.ladder(), YEAR, mode, d.ipv6Prefix(), d.subnetThreshold(),
                d.subnetWindow(), d.ignore(), 0, d.strikeOneJails()));
    }

    private static Offense offense(Service service, Instant at) {
        return new Offense(IP, IP.network(), service, 1, JailName.of("saslfail-" + service.id()), at,
                at.plus(Duration.ofHours(48)), null);
    }

    @Test
    void anOffenseExactlyForgetAfterOldNoLongerCountsOneMillisecondYoungerDoes() {
        Escalator e = escalator(HistoryMode.SHARED);
        assertFalse(e.counts(offense(Service.POSTFIX, NOW.minus(YEAR)), NOW));
        assertTrue(e.counts(offense(Service.POSTFIX, NOW.minus(YEAR).plusMillis(1)), NOW));
        assertTrue(e.counts(offense(Service.POSTFIX, NOW), NOW), "an offense at the instant itself counts");
        assertFalse(e.counts(offense(Service.POSTFIX, NOW.plusMillis(1)), NOW), "a later offense does not count yet");
    }

    @Test
    void theEngineAndTheStandingAgreeAtTheForgetBoundary() {
        Escalator e = escalator(HistoryMode.SHARED);
        List<Offense> known = List.of(offense(Service.POSTFIX, NOW.minus(YEAR)), offense(Service.POSTFIX, NOW.minus(YEAR).plusMillis(1)));
        Standing s = e.standing(known, NOW, BOTH).get(0);
        assertNull(s.service(), "shared history has one standing");
        assertEquals(1, s.counting());
        assertEquals(2, s.nextStrike());
        assertEquals(Duration.ofDays(8), s.nextBan());
        Outcome o = e.decide(BanEvent.ban("saslfail-postfix", "203.0.113.9", NOW), known);
        assertEquals(Result.OFFENSE, o.result());
        assertEquals(s.nextStrike(), o.offense().strike(), "show's next strike is what the engine gives");
    }

    @Test
    void perServiceStandingCountsEachServiceApartAndSharedCountsThemTogether() {
        List<Offense> known = List.of(offense(Service.POSTFIX, NOW.minus(Duration.ofDays(100))),
                offense(Service.POSTFIX, NOW.minus(Duration.ofDays(50))),
                offense(Service.DOVECOT, NOW.minus(Duration.ofDays(10))),
                offense(Service.DOVECOT, NOW.minus(YEAR).minusSeconds(1)));
        List<Standing> per = escalator(HistoryMode.PER_SERVICE).standing(known, NOW, BOTH);
        assertEquals(2, per.size());
        assertEquals(Service.POSTFIX, per.get(0).service());
        assertEquals(2, per.get(0).counting());
        assertEquals(3, per.get(0).nextStrike());
        assertEquals(Service.DOVECOT, per.get(1).service());
        assertEquals(1, per.get(1).counting(), "the dovecot offense older than forget_after is forgotten");
        assertEquals(2, per.get(1).nextStrike());
        Standing shared = escalator(HistoryMode.SHARED).standing(known, NOW, BOTH).get(0);
        assertEquals(3, shared.counting());
        assertEquals(3, shared.nextStrike(), "the ladder has three steps");
    }

    @Test
    void perServiceWindowOnlyCountsItsOwnService() {
        Escalator e = escalator(HistoryMode.PER_SERVICE);
        CountingWindow postfix = e.countingWindow(NOW, Service.POSTFIX);
        assertEquals(Service.POSTFIX, postfix.service());
        assertTrue(postfix.counts(offense(Service.POSTFIX, NOW.minusSeconds(5))));
        assertFalse(postfix.counts(offense(Service.DOVECOT, NOW.minusSeconds(5))));
        assertTrue(e.counts(offense(Service.DOVECOT, NOW.minusSeconds(5)), NOW), "an offense counts in its own history");
        assertNull(escalator(HistoryMode.SHARED).countingWindow(NOW, Service.POSTFIX).service());
        Outcome dovecot = e.decide(BanEvent.ban("saslfail-dovecot", "203.0.113.9", NOW),
                List.of(offense(Service.POSTFIX, NOW.minus(Duration.ofDays(30)))));
        assertEquals(1, dovecot.offense().strike(), "a postfix offense does not count for dovecot");
    }
}
