package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.policy.CountingWindow;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.OffenderStat;
import org.saslfail.core.report.Summary;

/**
 * The behaviour every offense store must have, written once. An implementation's test
 * implements this interface and returns a fresh, empty store from {@link #store()} for each
 * test (create it in {@code @BeforeEach}, close it in {@code @AfterEach}).
 *
 * <p>Beyond the port javadoc this pins: history {@code since} is inclusive and {@code until}
 * exclusive, {@code within} matches the event's address; ignored outcomes are never stored yet
 * count as new; a DUPLICATE outcome stores nothing; an invalid outcome fails the whole batch.
 */
public interface OffenseStoreContract<S extends LoadHistoryPort & RecordOutcomePort & ReportQueryPort & RunningBansPort> {

    Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    Duration H48 = Duration.ofHours(48);
    Duration D8 = Duration.ofDays(8);
    Duration D32 = Duration.ofDays(32);

    /** A fresh, empty store for the current test. */
    S store();

    // ---- outcome builders

    static IpPrefix offenderOf(String ip) {
        IpAddress a = IpAddress.parse(ip);
        return a.isV4() ? a.asPrefix() : a.prefix(64);
    }

    static JailName jailOf(Service service, int strike) {
        return JailName.of(strike == 1 ? "saslfail-" + service.id() : "saslfail-strike" + strike);
    }

    /** A counted offense of {@code ip} (its own offender: the address, or its /64) banned for {@code length} (null = permanent). */
    static Outcome offense(String ip, Instant at, int strike, Duration length) {
        return offense(offenderOf(ip), ip, Service.POSTFIX, at, strike, length);
    }

    static Outcome offense(IpPrefix offender, String ip, Service service, Instant at, int strike, Duration length) {
        BanEvent event = new BanEvent(BanEvent.Kind.BAN, jailOf(service, 1), IpAddress.parse(ip), at);
        Offense offense = new Offense(offender, event.ip(), service, strike, jailOf(service, strike), at,
                length == null ? null : at.plus(length), null);
        return new Outcome(event, Result.OFFENSE, offender, service, offense, "strike " + strike);
    }

    @Test
    default void aKnownUsersOffenseKeepsTheUserNamesAndAKnownUserEventIsRecordedWithoutAnOffense() {
        S s = store();
        Outcome plain = offense("198.51.100.7", T0, 1, H48);
        Offense known = new Offense(plain.offender(), plain.event().ip(), Service.POSTFIX, 1, jailOf(Service.POSTFIX, 1),
                T0, T0.plus(H48), null, List.of("alice@example.org", "bob"));
        assertTrue(s.record(new Outcome(plain.event(), Result.OFFENSE, plain.offender(), Service.POSTFIX, known, "capped")));
        assertEquals(List.of(known), s.history(plain.offender(), T0.minusSeconds(1)));
        assertEquals(List.of("alice@example.org", "bob"), s.offensesWithin(plain.offender()).get(0).knownUsers());

        BanEvent ignored = new BanEvent(BanEvent.Kind.BAN, jailOf(Service.POSTFIX, 1), IpAddress.parse("198.51.100.8"), T0);
        assertTrue(s.record(new Outcome(ignored, Result.KNOWN_USER, offenderOf("198.51.100.8"), Service.POSTFIX, null,
                "known user")));
        assertTrue(s.seen(ignored.key()));
        assertTrue(s.history(offenderOf("198.51.100.8"), Instant.EPOCH).isEmpty());
    }

    static Outcome repeat(String ip, Instant at, Offense running) {
        return new Outcome(BanEvent.ban("saslfail-postfix", ip, at), Result.REPEAT, offenderOf(ip), Service.POSTFIX,
                running, "already banned");
    }

    static Outcome restore(String ip, Instant at) {
        return new Outcome(BanEvent.restore("saslfail-postfix", ip, at), Result.RESTORE, offenderOf(ip), Service.POSTFIX,
                null, "restored");
    }

    static Outcome unban(Offense lifted, Instant at) {
        return new Outcome(new BanEvent(BanEvent.Kind.UNBAN, lifted.jail(), lifted.ip(), at), Result.UNBAN,
                lifted.offender(), lifted.service(), lifted.liftedAt(at), "lifted");
    }

    static Outcome ignored(String ip, Instant at) {
        return new Outcome(BanEvent.ban("saslfail-postfix", ip, at), Result.IGNORED, offenderOf(ip), Service.POSTFIX,
                null, "ignored");
    }

    static Instant days(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    // ---- RunningBansPort

    @Test
    default void runningBansStreamEveryRunningOffenseWithItsJailAndEnd() {
        S s = store();
        s.recordAll(List.of(
                offense("203.0.113.9", days(0), 1, H48),        // ended at day 2
                offense("203.0.113.9", days(10), 2, D8),        // runs until day 18
                offense("198.51.100.1", days(11), 3, null),     // permanent
                offense("2001:db8::5", days(11), 2, D8),        // its /64
                offense("192.0.2.1", days(13), 2, D8)));        // not begun at day 12
        java.util.Set<String> got = new java.util.HashSet<>();
        s.forEachRunningBan(days(12), (offender, jail, expires) -> got.add(offender + " " + jail + " " + expires));
        assertEquals(java.util.Set.of("203.0.113.9 saslfail-strike2 " + days(18), "198.51.100.1 saslfail-strike3 null",
                "2001:db8::/64 saslfail-strike2 " + days(19)), got);
    }

    // ---- LoadHistoryPort

    @Test
    default void historyHoldsOffensesSinceTheWindowAndBansStillRunningThen() {
        S s = store();
        s.recordAll(List.of(
                offense("203.0.113.9", days(0), 1, H48),        // ended at day 2: outside
                offense("203.0.113.9", days(10), 2, D32),       // began before since, runs until day 42: inside
                offense("203.0.113.9", days(50), 3, D32),       // began after since: inside
                offense("203.0.113.9", days(60), 3, null),      // permanent: inside
                offense("198.51.100.1", days(55), 1, H48)));    // another offender
        List<Offense> h = s.history(IpPrefix.parse("203.0.113.9"), days(20));
        assertEquals(List.of(days(10), days(50), days(60)), h.stream().map(Offense::at).toList());
        assertEquals(2, h.get(0).strike());
        assertEquals(days(42), h.get(0).expiresAt());
        assertNull(h.get(2).expiresAt());
        assertEquals(JailName.of("saslfail-strike2"), h.get(0).jail());
        assertEquals(Service.POSTFIX, h.get(0).service());
    }

    @Test
    default void historyExcludesABanThatEndedExactlyAtSince() {
        S s = store();
        s.record(offense("203.0.113.9", days(0), 1, H48));
        assertEquals(List.of(), s.history(IpPrefix.parse("203.0.113.9"), days(2)));
        assertEquals(1, s.history(IpPrefix.parse("203.0.113.9"), days(2).minusMillis(1)).size());
        assertEquals(1, s.history(IpPrefix.parse("203.0.113.9"), days(0).minusMillis(1)).size());
    }

    @Test
    default void historyOfAnIpv6OffenderIsItsPrefix() {
        S s = store();
        s.record(offense("2001:db8:1:2::5", days(0), 1, H48));
        s.record(offense("2001:db8:1:3::5", days(0), 1, H48));
        List<Offense> h = s.history(IpPrefix.parse("2001:db8:1:2::/64"), days(-1));
        assertEquals(1, h.size());
        assertEquals(IpAddress.parse("2001:db8:1:2::5"), h.get(0).ip());
        assertEquals(IpPrefix.parse("2001:db8:1:2::/64"), h.get(0).offender());
    }

    @Test
    default void historyDoesNotSeeALiftedBanAsRunning() {
        S s = store();
        Outcome first = offense("203.0.113.9", days(0), 2, D8);
        s.record(first);
        s.record(unban(first.offense(), days(1)));
        assertEquals(List.of(), s.history(IpPrefix.parse("203.0.113.9"), days(3)));
        Offense kept = s.history(IpPrefix.parse("203.0.113.9"), days(-1)).get(0);
        assertEquals(days(1), kept.liftedAt());
        assertFalse(kept.activeAt(days(2)));
    }

    @Test
    default void offensesWithinASubnetSinceAnInstantForSubnetEscalation() {
        S s = store();
        s.record(offense("203.0.113.1", T0, 1, H48));
        s.record(offense("203.0.113.2", T0.plusSeconds(60), 1, H48));
        s.record(offense("203.0.114.3", T0.plusSeconds(60), 1, H48));
        s.record(offense("203.0.113.4", T0.plusSeconds(120), 1, H48));
        IpPrefix net = IpPrefix.parse("203.0.113.0/24");
        assertEquals(List.of("203.0.113.2", "203.0.113.4"),
                s.offensesWithin(net, T0).stream().map(o -> o.offender().toString()).toList(), "since is exclusive");
        assertEquals(3, s.offensesWithin(net, T0.minusMillis(1)).size());
        s.record(offense(net, "203.0.113.4", Service.POSTFIX, T0.plusSeconds(180), 1, H48));
        assertEquals(4, s.offensesWithin(net, T0.minusMillis(1)).size(), "the subnet's own offense is inside it");
        assertEquals(List.of("2001:db8:1:2::/64"), withinV6(s));
    }

    private static List<String> withinV6(LoadHistoryPort s) {
        ((RecordOutcomePort) s).record(offense("2001:db8:1:2::9", T0, 1, H48));
        ((RecordOutcomePort) s).record(offense("2001:db8:2:2::9", T0, 1, H48));
        return s.offensesWithin(IpPrefix.parse("2001:db8:1::/48"), T0.minusMillis(1)).stream()
                .map(o -> o.offender().toString()).toList();
    }

    @Test
    default void repeatOffendersCountOnlyHighStrikesSinceTheGivenTime() {
        S s = store();
        s.record(offense("203.0.113.9", days(0), 3, D32));
        s.record(offense("203.0.113.9", days(40), 3, D32));
        s.record(offense("198.51.100.1", days(0), 3, D32));
        s.record(offense("198.51.100.1", days(40), 2, D8));
        s.record(offense("2001:db8::1", days(0), 3, D32));
        s.record(offense("2001:db8::2", days(50), 3, D32));
        List<OffenderStat> list = s.repeatOffenders(3, 2, days(0));
        assertEquals(List.of("203.0.113.9", "2001:db8::/64"), list.stream().map(o -> o.offender().toString()).toList());
        assertEquals(2, list.get(0).offenses());
        assertEquals(3, s.repeatOffenders(2, 2, days(0)).size(), "198.51.100.1 counts when strike 2 does");
        assertEquals(List.of(), s.repeatOffenders(3, 2, days(1)), "since excludes the first offenses");
    }

    @Test
    default void repeatOffendersInACountingWindowLeaveOutForgottenAndFutureOffenses() {
        S s = store();
        Instant now = days(400);
        Instant forgetBoundary = now.minus(Duration.ofDays(365));
        s.record(offense("203.0.113.9", forgetBoundary, 3, D32));                  // exactly forget_after old: forgotten
        s.record(offense("203.0.113.9", days(300), 3, D32));
        s.record(offense("198.51.100.1", forgetBoundary.plusMillis(1), 3, D32));   // still counts
        s.record(offense("198.51.100.1", now, 3, D32));                            // at the instant: counts
        s.record(offense("192.0.2.7", days(300), 3, D32));
        s.record(offense("192.0.2.7", now.plusMillis(1), 3, D32));                 // after the instant: not yet
        s.record(offense(offenderOf("192.0.2.8"), "192.0.2.8", Service.POSTFIX, days(300), 3, D32));
        s.record(offense(offenderOf("192.0.2.8"), "192.0.2.8", Service.DOVECOT, days(310), 3, D32));
        CountingWindow shared = new CountingWindow(forgetBoundary, now, null);
        assertEquals(List.of("192.0.2.8", "198.51.100.1"),
                s.repeatOffenders(3, 2, shared).stream().map(o -> o.offender().toString()).toList());
        assertEquals(List.of(), s.repeatOffenders(3, 2, new CountingWindow(forgetBoundary, now, Service.POSTFIX)).stream()
                .filter(o -> o.offender().toString().equals("192.0.2.8")).toList(), "one postfix offense only");
        assertEquals(2, s.repeatOffenders(3, 2, shared).get(1).offenses());
    }

    @Test
    default void offensesOfNamedOffendersAfterAnInstant() {
        S s = store();
        s.record(offense("203.0.113.9", days(0), 1, H48));
        s.record(offense("203.0.113.9", days(10), 2, D8));
        s.record(offense("2001:db8::1", days(5), 1, H48));
        s.record(offense("198.51.100.1", days(6), 1, H48));
        s.record(offense(IpPrefix.parse("203.0.113.0/24"), "203.0.113.9", Service.POSTFIX, days(7), 1, H48));
        List<Offense> got = s.offensesOf(List.of(IpPrefix.parse("203.0.113.9"), IpPrefix.parse("2001:db8::/64")), days(0));
        assertEquals(List.of("2001:db8::/64@" + days(5), "203.0.113.9@" + days(10)),
                got.stream().map(o -> o.offender() + "@" + o.at()).toList(), "after is exclusive; other offenders left out");
        assertEquals(List.of(), s.offensesOf(List.of(), days(0)));
    }

    @Test
    default void aSparedSubnetIsNewOncePerUtcDay() {
        S s = store();
        IpPrefix net = IpPrefix.parse("203.0.113.0/24");
        IpPrefix by = IpPrefix.parse("203.0.113.25");
        Instant day = Instant.parse("2026-03-01T00:00:00Z");
        assertTrue(s.recordSpared(new SparedSubnet(net, by, 5, Service.POSTFIX, day.plusSeconds(60), day.plusSeconds(60))));
        assertFalse(s.recordSpared(new SparedSubnet(net, by, 6, Service.POSTFIX, day.plusSeconds(90), day.plusSeconds(90))));
        assertFalse(s.recordSpared(new SparedSubnet(net, by, 6, Service.POSTFIX, day.plusSeconds(90), day.plusSeconds(90))),
                "the same fact twice");
        assertTrue(s.recordSpared(new SparedSubnet(net, by, 5, Service.POSTFIX, day.plus(Duration.ofDays(1)),
                day.plus(Duration.ofDays(1)))), "a new UTC day");
        assertTrue(s.recordSpared(new SparedSubnet(IpPrefix.parse("2001:db8:1::/48"), IpPrefix.parse("2001:db8:1::1"), 5,
                Service.DOVECOT, day.plusSeconds(60), day.plusSeconds(60))), "another subnet");
    }

    @Test
    default void seenKnowsRecordedKeysOnly() {
        S s = store();
        Outcome o = offense("203.0.113.9", days(0), 1, H48);
        assertFalse(s.seen(o.event().key()));
        s.record(o);
        assertTrue(s.seen(o.event().key()));
        assertFalse(s.seen(BanEvent.ban("saslfail-postfix", "203.0.113.9", days(0).plusMillis(1)).key()));
    }

    // ---- RecordOutcomePort

    @Test
    default void aDuplicateKeyReturnsFalseAndChangesNothing() {
        S s = store();
        assertTrue(s.record(offense("203.0.113.9", days(0), 1, H48)));
        // same event, decided differently: the first record stands
        assertFalse(s.record(offense("203.0.113.9", days(0), 2, D8)));
        List<Offense> h = s.history(IpPrefix.parse("203.0.113.9"), days(-1));
        assertEquals(1, h.size());
        assertEquals(1, h.get(0).strike());
        assertEquals(1, s.history(new HistoryQuery(null, null, null, 100)).size());
    }

    @Test
    default void recordAllCountsOnlyNewOutcomesIncludingDuplicatesInsideTheBatch() {
        S s = store();
        Outcome a = offense("203.0.113.9", days(0), 1, H48);
        Outcome b = offense("203.0.113.10", days(0), 1, H48);
        assertEquals(1, s.recordAll(List.of(a)));
        assertEquals(1, s.recordAll(List.of(a, b, b)));
        assertEquals(0, s.recordAll(List.of(a, b)));
        assertEquals(2, s.summary(days(1)).offenses());
    }

    @Test
    default void anInvalidOutcomeFailsTheWholeBatch() {
        S s = store();
        Outcome good = offense("203.0.113.9", days(0), 1, H48);
        Outcome bad = new Outcome(BanEvent.ban("saslfail-postfix", "203.0.113.10", days(0)), Result.OFFENSE,
                offenderOf("203.0.113.10"), Service.POSTFIX, null, "offense without its offense");
        assertThrows(RuntimeException.class, () -> s.recordAll(List.of(good, bad)));
        assertFalse(s.seen(good.event().key()));
        assertEquals(0, s.summary(days(1)).offenses());
        assertTrue(s.record(good));
    }

    @Test
    default void ignoredOutcomesAreNeverStored() {
        S s = store();
        Outcome o = ignored("192.168.1.5", days(0));
        assertTrue(s.record(o));
        assertFalse(s.seen(o.event().key()));
        assertEquals(List.of(), s.history(new HistoryQuery(null, null, null, 10)));
    }

    @Test
    default void aDuplicateOutcomeStoresNothing() {
        S s = store();
        Outcome dup = new Outcome(BanEvent.ban("saslfail-postfix", "203.0.113.9", days(0)), Result.DUPLICATE,
                offenderOf("203.0.113.9"), null, null, "seen before");
        assertFalse(s.record(dup));
        assertFalse(s.seen(dup.event().key()));
    }

    @Test
    default void anUnbanLiftsTheMatchingOffenseOnly() {
        S s = store();
        Outcome old = offense("203.0.113.9", days(0), 1, H48);
        Outcome current = offense("203.0.113.9", days(10), 2, D8);
        Outcome other = offense("198.51.100.1", days(10), 2, D8);
        s.recordAll(List.of(old, current, other));
        assertTrue(s.record(unban(current.offense(), days(11))));
        List<Offense> h = s.history(IpPrefix.parse("203.0.113.9"), days(-1));
        assertNull(h.get(0).liftedAt());
        assertEquals(days(11), h.get(1).liftedAt());
        assertNull(s.history(IpPrefix.parse("198.51.100.1"), days(-1)).get(0).liftedAt());
        assertEquals(List.of(IpPrefix.parse("198.51.100.1")),
                s.activeBans(days(12)).stream().map(ActiveBan::offender).toList());
    }

    @Test
    default void anOffenseAndItsLiftInOneBatchAreBothApplied() {
        S s = store();
        Outcome o = offense("203.0.113.9", days(0), 1, H48);
        assertEquals(2, s.recordAll(List.of(o, unban(o.offense(), days(1)))));
        assertEquals(days(1), s.history(IpPrefix.parse("203.0.113.9"), days(-1)).get(0).liftedAt());
        assertEquals(List.of(), s.activeBans(days(1)));
    }

    @Test
    default void anUnbanThatLiftsNothingIsStillRecorded() {
        S s = store();
        Outcome u = new Outcome(BanEvent.unban("saslfail-postfix", "203.0.113.9", days(3)), Result.UNBAN,
                offenderOf("203.0.113.9"), Service.POSTFIX, null, "");
        assertTrue(s.record(u));
        assertTrue(s.seen(u.event().key()));
        HistoryEntry e = s.history(new HistoryQuery(null, null, null, 10)).get(0);
        assertEquals("unban", e.action());
        assertEquals("unban", e.result());
        assertEquals(0, e.strike());
    }

    // ---- ReportQueryPort: active bans

    @Test
    default void activeBansGiveOnePerOffenderItsLatestHighestStrikeFirst() {
        S s = store();
        s.recordAll(List.of(
                offense("203.0.113.9", days(0), 1, H48),
                offense("203.0.113.9", days(5), 2, D8),
                offense(IpPrefix.parse("203.0.113.9"), "203.0.113.9", Service.DOVECOT, days(6).plusSeconds(3600), 1, H48),
                offense("198.51.100.1", days(6), 1, H48),
                offense("198.51.100.2", days(7), 1, H48),
                offense("2001:db8::1", days(1), 3, null),
                offense("192.0.2.1", days(0), 1, H48)));           // expired by day 7
        List<ActiveBan> bans = s.activeBans(days(7).plusSeconds(1));
        assertEquals(List.of("2001:db8::/64", "198.51.100.2", "203.0.113.9", "198.51.100.1"),
                bans.stream().map(b -> b.offender().toString()).toList());
        ActiveBan v6 = bans.get(0);
        assertEquals(3, v6.strike());
        assertNull(v6.expiresAt());
        ActiveBan nine = bans.get(2);
        // two bans run for 203.0.113.9 (postfix strike 2, dovecot strike 1): the latest is shown
        assertEquals(1, nine.strike());
        assertEquals(Service.DOVECOT, nine.service());
        assertEquals(days(6).plusSeconds(3600), nine.bannedAt());
        assertEquals(days(8).plusSeconds(3600), nine.expiresAt());
        assertEquals(JailName.of("saslfail-dovecot"), nine.jail());
        assertEquals(3, nine.offenses());
        assertEquals(1, bans.get(1).offenses());
    }

    @Test
    default void aBanIsActiveFromItsStartUntilJustBeforeItsEnd() {
        S s = store();
        s.record(offense("203.0.113.9", days(0), 1, H48));
        assertEquals(List.of(), s.activeBans(days(0).minusMillis(1)));
        assertEquals(1, s.activeBans(days(0)).size());
        assertEquals(1, s.activeBans(days(2).minusMillis(1)).size());
        assertEquals(List.of(), s.activeBans(days(2)));
    }

    @Test
    default void activeBanOffensesCountOnlyThoseYoungerThanForgetAfterTheTotalCountsAll() {
        S s = store();
        Duration forget = Duration.ofDays(365);
        s.recordAll(List.of(
                offense("203.0.113.9", days(0), 1, H48),
                offense("203.0.113.9", days(364), 2, D8)));
        // at days(365) the first offense is exactly forget_after old: it no longer counts (Escalator's rule)
        ActiveBan at365 = s.activeBans(days(365), forget, HistoryMode.SHARED).get(0);
        assertEquals(1, at365.offenses());
        assertEquals(2, at365.offensesTotal());
        assertEquals(2, at365.strike());
        ActiveBan before = s.activeBans(days(365).minusMillis(1), forget, HistoryMode.SHARED).get(0);
        assertEquals(2, before.offenses());
        assertEquals(2, before.offensesTotal());
        // without a rule every offense on record counts
        assertEquals(2, s.activeBans(days(365)).get(0).offenses());
        assertEquals(2, s.activeBans(days(365)).get(0).offensesTotal());
    }

    @Test
    default void activeBanOffensesOfAnotherServiceDoNotCountUnderPerServiceHistory() {
        S s = store();
        IpPrefix nine = IpPrefix.parse("203.0.113.9");
        s.recordAll(List.of(
                offense("203.0.113.9", days(0), 1, H48),
                offense("203.0.113.9", days(3), 2, D8),
                offense(nine, "203.0.113.9", Service.DOVECOT, days(5), 1, H48),
                offense("203.0.113.9", days(9), 3, D32)));     // after the instant asked about
        Instant at = days(5).plusSeconds(1);
        ActiveBan shared = s.activeBans(at, Duration.ofDays(365), HistoryMode.SHARED).get(0);
        assertEquals(Service.DOVECOT, shared.service());
        assertEquals(3, shared.offenses());       // the offense of day 9 is not "up to now"
        assertEquals(4, shared.offensesTotal());
        ActiveBan perService = s.activeBans(at, Duration.ofDays(365), HistoryMode.PER_SERVICE).get(0);
        assertEquals(Service.DOVECOT, perService.service());
        assertEquals(1, perService.offenses());
        assertEquals(4, perService.offensesTotal());
        assertEquals(1, s.activeBans(at, Duration.ofDays(365), HistoryMode.PER_SERVICE).size());
    }

    @Test
    default void aPageOfActiveBansIsTheHeadOfTheWholeListWithTheSameCountsAndSaysHowManyRun() {
        S s = store();
        IpPrefix nine = IpPrefix.parse("203.0.113.9");
        s.recordAll(List.of(
                offense("203.0.113.9", days(0), 1, H48),
                offense("203.0.113.9", days(3), 2, D8),
                offense(nine, "203.0.113.9", Service.DOVECOT, days(5), 1, H48),
                offense("198.51.100.1", days(4), 2, D8),
                offense("198.51.100.2", days(5), 1, H48),
                offense("2001:db8::1", days(1), 3, null)));
        Instant at = days(5).plusSeconds(1);
        for (HistoryMode mode : HistoryMode.values()) {
            List<ActiveBan> all = s.activeBans(at, Duration.ofDays(4), mode);
            assertEquals(4, all.size());
            for (int limit = 1; limit <= 5; limit++) {
                var page = s.activeBans(at, Duration.ofDays(4), mode, limit);
                assertEquals(all.subList(0, Math.min(limit, 4)), page.bans(), mode + ", limit " + limit);
                assertEquals(4, page.total());
            }
        }
        var permanentOnly = s.activeBans(days(400), Duration.ofDays(4), HistoryMode.SHARED, 2);
        assertEquals(1, permanentOnly.total());
        assertEquals(List.of(IpPrefix.parse("2001:db8::/64")), permanentOnly.bans().stream().map(ActiveBan::offender).toList());
    }

    // ---- ReportQueryPort: history listing

    @Test
    default void historyListsEveryEventNewestFirstWithFilters() {
        S s = store();
        Outcome first = offense("203.0.113.9", days(0), 1, H48);
        s.recordAll(List.of(
                first,
                repeat("203.0.113.9", days(1), first.offense()),
                restore("203.0.113.9", days(1).plusSeconds(60)),
                offense("203.0.113.200", days(2), 1, H48),
                offense("198.51.100.1", days(3), 1, H48),
                offense("2001:db8:1:2::5", days(4), 1, H48)));
        List<HistoryEntry> all = s.history(new HistoryQuery(null, null, null, 100));
        assertEquals(6, all.size());
        assertEquals(List.of(days(4), days(3), days(2), days(1).plusSeconds(60), days(1), days(0)),
                all.stream().map(HistoryEntry::at).toList());
        HistoryEntry v6 = all.get(0);
        assertEquals(IpAddress.parse("2001:db8:1:2::5"), v6.ip());
        assertEquals(IpPrefix.parse("2001:db8:1:2::/64"), v6.offender());
        assertEquals("ban", v6.action());
        assertEquals("offense", v6.result());
        assertEquals(1, v6.strike());
        assertEquals(JailName.of("saslfail-postfix"), v6.jail());
        assertEquals(List.of("restore-ban", "ban"), List.of(all.get(3).action(), all.get(4).action()));
        assertEquals(List.of("restore", "repeat"), List.of(all.get(3).result(), all.get(4).result()));
        assertEquals(0, all.get(4).strike());

        // since inclusive, until exclusive
        assertEquals(List.of(days(3), days(2)), s.history(new HistoryQuery(days(2), days(4), null, 100))
                .stream().map(HistoryEntry::at).toList());
        assertEquals(List.of(days(4), days(3)), s.history(new HistoryQuery(null, null, null, 2))
                .stream().map(HistoryEntry::at).toList());
        assertEquals(all.size(), s.countHistory(new HistoryQuery(null, null, null, 2), 100), "the count ignores the limit");
        assertEquals(4, s.countHistory(new HistoryQuery(null, null, null, 2), 4), "the count stops at atMost");
        assertEquals(2, s.countHistory(new HistoryQuery(days(2), days(4), null, 1), 100));
        assertEquals(3, s.countHistory(new HistoryQuery(null, null, IpPrefix.parse("203.0.113.9"), 1), 100));
        assertEquals(2, s.countHistory(new HistoryQuery(null, null, IpPrefix.parse("203.0.113.9"), 1), 2));
        assertEquals(4, s.history(new HistoryQuery(null, null, IpPrefix.parse("203.0.113.0/24"), 100)).size());
        assertEquals(3, s.history(new HistoryQuery(null, null, IpPrefix.parse("203.0.113.9"), 100)).size());
        assertEquals(List.of(days(1).plusSeconds(60)),
                s.history(new HistoryQuery(days(1).plusSeconds(1), null, IpPrefix.parse("203.0.113.9"), 100))
                        .stream().map(HistoryEntry::at).toList());
        assertEquals(1, s.history(new HistoryQuery(null, null, IpPrefix.parse("2001:db8:1::/48"), 100)).size());
        assertEquals(0, s.history(new HistoryQuery(null, null, IpPrefix.parse("2001:db8:1:3::/64"), 100)).size());
    }

    // ---- ReportQueryPort: networks

    @Test
    default void offensesWithinAndCoveringANetwork() {
        S s = store();
        s.recordAll(List.of(
                offense("2001:db8:1:2::5", days(0), 1, H48),
                offense("2001:db8:1:3::5", days(1), 1, H48),
                offense("192.0.2.9", days(2), 1, H48),
                offense(IpPrefix.parse("192.0.2.0/24"), "192.0.2.77", Service.POSTFIX, days(3), 1, H48),
                offense("192.0.3.1", days(4), 1, H48),
                offense("198.51.100.7", days(5), 1, H48)));
        assertEquals(List.of("2001:db8:1:2::/64"), offenders(s.offensesWithin(IpPrefix.parse("2001:db8:1:2::/64"))));
        assertEquals(List.of("2001:db8:1:2::/64", "2001:db8:1:3::/64"),
                offenders(s.offensesWithin(IpPrefix.parse("2001:db8:1::/48"))));
        assertEquals(List.of("192.0.2.9", "192.0.2.0/24"), offenders(s.offensesWithin(IpPrefix.parse("192.0.2.0/24"))));
        assertEquals(List.of("192.0.2.9"), offenders(s.offensesWithin(IpPrefix.parse("192.0.2.9"))));
        assertEquals(List.of("192.0.2.9", "192.0.2.0/24", "192.0.3.1"),
                offenders(s.offensesWithin(IpPrefix.parse("192.0.2.0/23"))));

        assertEquals(List.of("192.0.2.9", "192.0.2.0/24"), offenders(s.offensesCovering(IpPrefix.parse("192.0.2.9"))));
        assertEquals(List.of("192.0.2.0/24"), offenders(s.offensesCovering(IpPrefix.parse("192.0.2.10"))));
        assertEquals(List.of("2001:db8:1:2::/64"), offenders(s.offensesCovering(IpPrefix.parse("2001:db8:1:2::abcd"))));
        assertEquals(List.of("2001:db8:1:2::/64"), offenders(s.offensesCovering(IpPrefix.parse("2001:db8:1:2::/64"))));
        assertEquals(List.of(), s.offensesCovering(IpPrefix.parse("2001:db8:1::/48")));
        assertEquals(List.of(), s.offensesWithin(IpPrefix.parse("2001:db8:2::/48")));
    }

    private static List<String> offenders(List<Offense> offenses) {
        return offenses.stream().map(o -> o.offender().toString()).toList();
    }

    // ---- ReportQueryPort: statistics

    @Test
    default void summaryCountsOffensesApartFromRestoresAndRepeats() {
        S s = store();
        Outcome first = offense("203.0.113.9", days(0), 1, H48);
        s.recordAll(List.of(
                first,
                repeat("203.0.113.9", days(1), first.offense()),
                restore("203.0.113.9", days(1)),
                restore("198.51.100.1", days(1)),
                offense("203.0.113.9", days(10), 2, D8),
                offense(IpPrefix.parse("198.51.100.1"), "198.51.100.1", Service.DOVECOT, days(11), 1, H48),
                offense("2001:db8::1", days(11).plusSeconds(1), 1, H48),
                ignored("10.1.2.3", days(11))));
        Instant now = days(12);
        Summary sum = s.summary(now);
        assertEquals(4, sum.offenses());
        assertEquals(Map.of(1, 3L, 2, 1L), sum.offensesByStrike());
        assertEquals(Map.of("postfix", 3L, "dovecot", 1L), sum.offensesByService());
        assertEquals(3, sum.uniqueOffenders());
        assertEquals(2, sum.restores());
        assertEquals(1, sum.repeats());
        assertEquals(1, sum.offensesLast24h()); // days(11) is exactly 24 h old: not in the last 24 h
        assertEquals(3, sum.activeBans());
        assertEquals(days(0), sum.first());
        assertEquals(days(11).plusSeconds(1), sum.last());
    }

    @Test
    default void summaryOfAnEmptyStoreIsZero() {
        Summary sum = store().summary(T0);
        assertEquals(0, sum.offenses());
        assertEquals(Map.of(), sum.offensesByStrike());
        assertEquals(0, sum.uniqueOffenders());
        assertEquals(0, sum.activeBans());
        assertNull(sum.first());
        assertNull(sum.last());
        assertEquals(List.of(), store().byDay(ZoneId.of("UTC"), 7));
        assertEquals(List.of(), store().byOffender(10));
        assertEquals(0, store().countOffenders());
        assertEquals(List.of(), store().activeBans(T0));
    }

    @Test
    default void byOffenderPutsTheMostOffensesFirst() {
        S s = store();
        s.recordAll(List.of(
                offense("203.0.113.9", days(0), 1, H48),
                offense("203.0.113.9", days(10), 2, D8),
                offense("203.0.113.9", days(30), 3, D32),
                offense("198.51.100.1", days(1), 1, H48),
                offense("198.51.100.1", days(20), 2, D8),
                offense("192.0.2.1", days(5), 1, H48),
                offense("192.0.2.2", days(6), 1, H48)));
        List<OffenderStat> top = s.byOffender(3);
        assertEquals(3, top.size());
        assertEquals(4, s.countOffenders(), "every offender, whatever the limit");
        assertEquals(new OffenderStat(IpPrefix.parse("203.0.113.9"), 3, 3, days(0), days(30)), top.get(0));
        assertEquals(new OffenderStat(IpPrefix.parse("198.51.100.1"), 2, 2, days(1), days(20)), top.get(1));
        assertEquals(IpPrefix.parse("192.0.2.2"), top.get(2).offender()); // same count: the more recent first
    }

    @Test
    default void byDayFoldsIntoLocalDaysAcrossDaylightSavingChanges() {
        S s = store();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        s.recordAll(List.of(
                // 2026-03-29 has 23 hours in Berlin (02:00 CET -> 03:00 CEST)
                offense("203.0.113.1", Instant.parse("2026-03-28T22:59:00Z"), 1, H48), // 23:59 on the 28th
                offense("203.0.113.2", Instant.parse("2026-03-28T23:30:00Z"), 1, H48), // 00:30 on the 29th
                offense("203.0.113.3", Instant.parse("2026-03-29T21:30:00Z"), 2, D8),  // 23:30 on the 29th
                offense("203.0.113.2", Instant.parse("2026-03-29T21:45:00Z"), 2, D8),  // 23:45 on the 29th
                offense("203.0.113.4", Instant.parse("2026-03-29T22:15:00Z"), 1, H48), // 00:15 on the 30th
                // 2026-10-25 has 25 hours (03:00 CEST -> 02:00 CET)
                offense("203.0.113.5", Instant.parse("2026-10-24T22:30:00Z"), 1, H48), // 00:30 on the 25th
                offense("203.0.113.6", Instant.parse("2026-10-25T22:30:00Z"), 1, H48), // 23:30 on the 25th
                offense("203.0.113.7", Instant.parse("2026-10-25T23:30:00Z"), 1, H48))); // 00:30 on the 26th
        List<DayStat> daysList = s.byDay(berlin, 10);
        assertEquals(List.of(LocalDate.of(2026, 10, 26), LocalDate.of(2026, 10, 25), LocalDate.of(2026, 3, 30),
                        LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 28)),
                daysList.stream().map(DayStat::day).toList());
        assertEquals(List.of(1L, 2L, 1L, 3L, 1L), daysList.stream().map(DayStat::offenses).toList());
        DayStat dst = daysList.get(3);
        assertEquals(Map.of(1, 1L, 2, 2L), dst.offensesByStrike());
        assertEquals(2, dst.uniqueOffenders());
        assertEquals(2, daysList.get(1).uniqueOffenders());

        List<DayStat> two = s.byDay(berlin, 2);
        assertEquals(List.of(LocalDate.of(2026, 10, 26), LocalDate.of(2026, 10, 25)), two.stream().map(DayStat::day).toList());
        assertEquals(List.of(LocalDate.of(2026, 10, 25), LocalDate.of(2026, 10, 24)),
                s.byDay(ZoneId.of("UTC"), 2).stream().map(DayStat::day).toList());
        assertNotNull(s.byDay(ZoneId.of("Asia/Kolkata"), 1).get(0));
        assertEquals(LocalDate.of(2026, 10, 26), s.byDay(ZoneId.of("Asia/Kolkata"), 1).get(0).day());
    }
}
