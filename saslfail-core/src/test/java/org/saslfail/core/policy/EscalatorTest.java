package org.saslfail.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;

class EscalatorTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration H48 = Duration.ofHours(48);
    private static final Duration D8 = Duration.ofDays(8);
    private static final Duration D32 = Duration.ofDays(32);

    private final Escalator escalator = new Escalator(EscalationPolicy.defaults());
    private final List<Offense> history = new ArrayList<>();

    /** Decides like the service does: the offender's known offenses in, a new offense appended. */
    private Outcome feed(BanEvent e) {
        Outcome o = escalator.decide(e, List.copyOf(history));
        if (o.result() == Result.OFFENSE) {
            history.add(o.offense());
        }
        if (o.result() == Result.UNBAN && o.offense() != null) {
            history.replaceAll(x -> x.at().equals(o.offense().at()) && x.offender().equals(o.offender()) ? o.offense() : x);
        }
        return o;
    }

    private static Instant day(int d) {
        return T0.plus(Duration.ofDays(d));
    }

    @Test
    void bansOnDays0_3_12_50GetStrikes1_2_3_3WithTheLadderLengths() {
        int[] days = {0, 3, 12, 50};
        int[] strikes = {1, 2, 3, 3};
        Duration[] lengths = {H48, D8, D32, D32};
        String[] jails = {"saslfail-postfix", "saslfail-strike2", "saslfail-strike3", "saslfail-strike3"};
        for (int i = 0; i < days.length; i++) {
            Outcome o = feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", day(days[i])));
            assertEquals(Result.OFFENSE, o.result(), "day " + days[i]);
            assertEquals(strikes[i], o.offense().strike(), "strike on day " + days[i]);
            assertEquals(day(days[i]).plus(lengths[i]), o.offense().expiresAt(), "expiry on day " + days[i]);
            assertEquals(jails[i], o.offense().jail().value());
        }
    }

    @Test
    void secondBanWhileTheFirstStillRunsIsARepeatNotAnOffense() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Outcome again = feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plusSeconds(60)));
        assertEquals(Result.REPEAT, again.result());
        assertEquals(1, again.offense().strike());
        Outcome dovecot = feed(BanEvent.ban("saslfail-dovecot", "203.0.113.9", T0.plusSeconds(120)));
        assertEquals(Result.REPEAT, dovecot.result(), "shared history: a dovecot ban during a postfix ban is the same burst");
    }

    @Test
    void newBanExactlyWhenThePreviousExpiresIsTheNextOffense() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Outcome o = feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plus(H48)));
        assertEquals(Result.OFFENSE, o.result());
        assertEquals(2, o.offense().strike());
    }

    @Test
    void banOneMillisecondBeforeExpiryIsStillARepeat() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Outcome o = feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plus(H48).minusMillis(1)));
        assertEquals(Result.REPEAT, o.result());
    }

    @Test
    void restoredBansNeverCount() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Outcome restore = feed(BanEvent.restore("saslfail-postfix", "203.0.113.9", day(5)));
        assertEquals(Result.RESTORE, restore.result());
        assertNull(restore.offense());
        Outcome next = feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", day(6)));
        assertEquals(2, next.offense().strike());
    }

    @Test
    void offenseExactlyForgetAfterOldNoLongerCounts() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Outcome o = feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plus(Duration.ofDays(365))));
        assertEquals(1, o.offense().strike());
    }

    @Test
    void offenseJustUnderForgetAfterOldStillCounts() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Outcome o = feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plus(Duration.ofDays(365)).minusMillis(1)));
        assertEquals(2, o.offense().strike());
    }

    @Test
    void secondAddressOfAnIpv6Slash64Escalates() {
        Outcome first = feed(BanEvent.ban("saslfail-postfix", "2001:db8:5:6::1", T0));
        assertEquals(IpPrefix.parse("2001:db8:5:6::/64"), first.offender());
        Outcome second = feed(BanEvent.ban("saslfail-postfix", "2001:db8:5:6:abcd::99", day(3)));
        assertEquals(Result.OFFENSE, second.result());
        assertEquals(2, second.offense().strike());
        assertEquals("2001:db8:5:6::/64", second.offender().toString());
        Outcome otherNet = escalator.decide(BanEvent.ban("saslfail-postfix", "2001:db8:5:7::1", day(3)), List.of());
        assertEquals(1, otherNet.offense().strike(), "another /64 is another offender");
    }

    @Test
    void ignoredAddressesAreNeverOffenses() {
        for (String ip : List.of("127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "::1", "::ffff:192.168.1.1")) {
            Outcome o = feed(BanEvent.ban("saslfail-postfix", ip, T0));
            assertEquals(Result.IGNORED, o.result(), ip);
        }
        assertTrue(history.isEmpty());
    }

    @Test
    void ipv4MappedIpv6CountsAsTheIpv4Address() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Outcome o = feed(BanEvent.ban("saslfail-postfix", "::ffff:203.0.113.9", day(3)));
        assertEquals("203.0.113.9", o.offender().toString());
        assertEquals(2, o.offense().strike());
    }

    @Test
    void serversOwnAddressesAreIgnoredWhenAdded() {
        Escalator withOwn = new Escalator(EscalationPolicy.defaults()
                .withIgnore(List.of(IpPrefix.parse("198.51.100.25"), IpPrefix.parse("127.0.0.0/8"))));
        assertEquals(Result.IGNORED, withOwn.decide(BanEvent.ban("saslfail-postfix", "198.51.100.25", T0), List.of()).result());
        assertEquals(Result.OFFENSE, withOwn.decide(BanEvent.ban("saslfail-postfix", "198.51.100.26", T0), List.of()).result());
    }

    @Test
    void bansInJailsThatAreNotStrikeOneAreNotWatched() {
        Outcome o = feed(BanEvent.ban("saslfail-strike2", "203.0.113.9", T0));
        assertEquals(Result.NOT_WATCHED, o.result());
        assertTrue(history.isEmpty());
    }

    @Test
    void perServiceHistoryCountsPostfixAndDovecotApart() {
        EscalationPolicy d = EscalationPolicy.defaults();
        Escalator perService = new Escalator(new EscalationPolicy(d.ladder(), d.forgetAfter(), HistoryMode.PER_SERVICE,
                d.ipv6Prefix(), d.subnetThreshold(), d.subnetWindow(), d.ignore(), 0, d.strikeOneJails()));
        Offense postfix = perService.decide(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0), List.of()).offense();
        Outcome dovecot = perService.decide(BanEvent.ban("saslfail-dovecot", "203.0.113.9", T0.plusSeconds(5)), List.of(postfix));
        assertEquals(Result.OFFENSE, dovecot.result(), "a running postfix ban does not cascade into dovecot's history");
        assertEquals(1, dovecot.offense().strike());
        assertEquals(Service.DOVECOT, dovecot.offense().service());
    }

    @Test
    void permanentAfterNBansTheNthOffenseForever() {
        EscalationPolicy d = EscalationPolicy.defaults();
        Escalator perm = new Escalator(new EscalationPolicy(d.ladder(), d.forgetAfter(), d.history(), 64, 5,
                d.subnetWindow(), d.ignore(), 3, d.strikeOneJails()));
        List<Offense> known = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Outcome o = perm.decide(BanEvent.ban("saslfail-postfix", "203.0.113.9", day(i * 40)), known);
            known.add(o.offense());
        }
        Offense third = known.get(2);
        assertEquals(3, third.strike());
        assertTrue(third.permanent());
        assertEquals(JailName.of("saslfail-permanent"), third.jail());
        assertTrue(third.activeAt(day(5000)));
    }

    @Test
    void unbanInTheJailHoldingTheBanLiftsItSoTheNextBanIsANewOffense() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Outcome unban = feed(BanEvent.unban("saslfail-postfix", "203.0.113.9", T0.plusSeconds(3600)));
        assertEquals(Result.UNBAN, unban.result());
        assertEquals(T0.plusSeconds(3600), unban.offense().liftedAt());
        Outcome again = feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plusSeconds(7200)));
        assertEquals(Result.OFFENSE, again.result());
        assertEquals(2, again.offense().strike());
    }

    @Test
    void fail2bansUnbanMillisecondsBeforeTheRecordedExpiryIsAnExpiryNotAnEarlyLift() {
        feed(BanEvent.ban("saslfail-postfix", "192.0.2.9", T0));
        Outcome expiry = feed(BanEvent.unban("saslfail-postfix", "192.0.2.9", T0.plus(H48).minusMillis(7)));
        assertEquals(Result.UNBAN, expiry.result());
        assertNull(expiry.offense(), "a ban that ran out was not lifted");
        assertNull(history.get(0).liftedAt());
        Outcome early = feed(BanEvent.ban("saslfail-postfix", "192.0.2.9", day(5)));
        Outcome lift = feed(BanEvent.unban("saslfail-strike2", "192.0.2.9", day(6)));
        assertEquals(day(6), lift.offense().liftedAt(), "fail2ban's unbanip a day into an 8-day ban is an early lift");
        assertEquals(2, early.offense().strike());
    }

    @Test
    void unbanFromTheStrikeOneJailDoesNotLiftATierBan() {
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", day(3)));
        Outcome unban = feed(BanEvent.unban("saslfail-postfix", "203.0.113.9", day(3).plusSeconds(1)));
        assertNull(unban.offense(), "saslfail's own move out of the strike-1 jail must not end the strike-2 ban");
        assertEquals(Result.REPEAT, feed(BanEvent.ban("saslfail-postfix", "203.0.113.9", day(4))).result());
    }

    @Test
    void customLadderInSecondsIsHonoured() {
        Escalator fast = new Escalator(EscalationPolicy.defaults().withLadder(
                List.of(Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16))));
        Offense first = fast.decide(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0), List.of()).offense();
        assertEquals(T0.plusSeconds(4), first.expiresAt());
        Offense second = fast.decide(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plusSeconds(4)), List.of(first)).offense();
        assertEquals(T0.plusSeconds(12), second.expiresAt());
    }

    @Test
    void legacyJailNamesAreStrikeOneJailsOfTheirService() {
        Map<JailName, Service> jails = EscalationPolicy.replayStrikeOneJails();
        assertEquals(Service.POSTFIX, jails.get(JailName.of("postfix-sasl")));
        assertEquals(Service.DOVECOT, jails.get(JailName.of("dovecot-first")));
    }
}
