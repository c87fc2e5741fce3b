package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
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
import org.saslfail.core.model.Service;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.notify.SummaryRequest;
import org.saslfail.core.policy.CountingWindow;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.port.out.AlertWindowPort;
import org.saslfail.core.testing.AlertWindowContract;
import org.saslfail.core.testing.OutboxContract;

/** The outbox and alert-window contracts plus the summary queries, for every database the notify store runs on. */
interface NotifyStoreContract extends OutboxContract, AlertWindowContract {
    ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Sunday 29 March 2026: summer time starts, the local day has 23 hours. */
    LocalDate DST_DAY = LocalDate.parse("2026-03-29");

    /** The notify store under test. */
    NotifyStore notifyStore();

    @Override
    default OutboxPort outbox() {
        return notifyStore();
    }

    @Override
    default AlertWindowPort alertWindow() {
        return notifyStore();
    }

    /** A new offense store on the same database; the caller closes it. */
    OffenseStore openOffenseStore();

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BERLIN).toInstant();
    }

    private static Outcome offense(String ip, String offender, int strike, Service service, Instant at, Instant lifted) {
        IpPrefix p = IpPrefix.parse(offender);
        Offense o = new Offense(p, IpAddress.parse(ip), service, strike, JailName.of("saslfail-strike" + strike), at,
                at.plus(Duration.ofDays(strike == 1 ? 2 : strike == 2 ? 8 : 32)), lifted);
        return new Outcome(BanEvent.ban("saslfail-" + service.id(), ip, at), Outcome.Result.OFFENSE, p, service, o, "");
    }

    private void recordSample() {
        try (OffenseStore offenses = openOffenseStore()) {
            offenses.recordAll(List.of(
                    offense("203.0.113.1", "203.0.113.1", 1, Service.POSTFIX, local("2026-03-01T10:00"), null),
                    offense("203.0.113.50", "203.0.113.50", 1, Service.POSTFIX, local("2026-03-28T23:30"),
                            local("2026-03-29T09:00")),
                    offense("203.0.113.1", "203.0.113.1", 1, Service.POSTFIX, local("2026-03-29T01:30"), null),
                    // fail2ban's unban of a ban that ran out, recorded as a lift by an older saslfail: an expiry
                    offense("198.51.100.60", "198.51.100.60", 2, Service.POSTFIX, local("2026-03-21T10:00"),
                            local("2026-03-21T10:00").plus(Duration.ofDays(8)).minusMillis(5)),
                    offense("192.0.2.9", "192.0.2.0/24", 1, Service.POSTFIX, local("2026-03-29T10:00"), null),
                    offense("198.51.100.7", "198.51.100.7", 3, Service.DOVECOT, local("2026-03-29T12:00"), null),
                    offense("198.51.100.8", "198.51.100.8", 2, Service.POSTFIX, local("2026-03-29T23:30"), null),
                    offense("198.51.100.9", "198.51.100.9", 1, Service.POSTFIX, local("2026-03-30T00:30"), null)));
        }
    }

    @Test
    default void theDaysBansAreListedPerStrikeOldestFirstWithTheirTriedNamesAndHowManyThereAre() {
        recordSample();
        NotifyStore n = notifyStore();
        Instant from = DST_DAY.atStartOfDay(BERLIN).toInstant();
        Instant to = DST_DAY.plusDays(1).atStartOfDay(BERLIN).toInstant();
        BanPage strikeOne = n.newBans(from, to, 1, 1, false, 1);
        assertEquals(2, strikeOne.total());
        assertEquals(1, strikeOne.more());
        Offense first = strikeOne.bans().get(0).offense();
        assertEquals("203.0.113.1", first.offender().toString());
        n.recordTried(first, List.of("alice", "eve\r\nBcc: x@example.org", "alice"));
        assertEquals(List.of("alice", "eveBcc: x@example.org"), n.newBans(from, to, 1, 1, false, 10).bans().get(0).triedUsernames());
        assertEquals(List.of("198.51.100.7", "198.51.100.8"), n.newBans(from, to, 2, Integer.MAX_VALUE, false, 10).bans()
                .stream().map(b -> b.offense().offender().toString()).toList());
        assertEquals(0, n.newBans(from, to, 1, Integer.MAX_VALUE, true, 10).total(), "no known user's ban in the sample");

        BanPage activeOne = n.activeBans(to, 1, 10);
        assertEquals(List.of("192.0.2.0/24", "203.0.113.1"), activeOne.bans().stream()
                .map(b -> b.offense().offender().toString()).toList(), "running at the day's end, newest first");
        assertEquals(1, n.activeBans(to, 3, 10).total());
    }

    @Test
    default void sparedSubnetsAreListedPerPeriodOncePerSubnetWithTheirLargestCount() {
        IpPrefix net = IpPrefix.parse("203.0.113.0/24");
        IpPrefix by = IpPrefix.parse("203.0.113.25");
        IpPrefix net6 = IpPrefix.parse("2001:db8:7::/48");
        try (OffenseStore offenses = openOffenseStore()) {
            for (int twice = 0; twice < 2; twice++) { // a replay records the same facts again
                offenses.recordSpared(new SparedSubnet(net, by, 5, Service.POSTFIX, local("2026-03-29T10:00"), local("2026-03-29T10:00")));
                offenses.recordSpared(new SparedSubnet(net, by, 7, Service.POSTFIX, local("2026-03-29T11:00"), local("2026-03-29T11:00")));
                offenses.recordSpared(new SparedSubnet(net, by, 5, Service.POSTFIX, local("2026-03-31T10:00"), local("2026-03-31T10:00")));
                offenses.recordSpared(new SparedSubnet(net6, IpPrefix.parse("2001:db8::/32"), 5, Service.DOVECOT,
                        local("2026-03-29T12:00"), local("2026-03-29T12:00")));
            }
        }
        SummaryRequest day = SummaryRequest.daily(DST_DAY, BERLIN);
        List<SparedSubnet> daily = notifyStore().sparedSubnets(day.from(), day.to(), 50);
        assertEquals(List.of(new SparedSubnet(net, by, 7, Service.POSTFIX, local("2026-03-29T10:00"), local("2026-03-29T11:00")),
                new SparedSubnet(net6, IpPrefix.parse("2001:db8::/32"), 5, Service.DOVECOT, local("2026-03-29T12:00"),
                        local("2026-03-29T12:00"))), daily);
        SummaryRequest week = SummaryRequest.weekly(LocalDate.parse("2026-03-31"), BERLIN);
        List<SparedSubnet> weekly = notifyStore().sparedSubnets(week.from(), week.to(), 50);
        assertEquals(List.of(new SparedSubnet(net, by, 5, Service.POSTFIX, local("2026-03-31T10:00"), local("2026-03-31T10:00"))),
                weekly, "the week of 30 March holds the 31st only");
        SummaryRequest before = SummaryRequest.daily(DST_DAY.minusDays(1), BERLIN);
        assertEquals(List.of(), notifyStore().sparedSubnets(before.from(), before.to(), 50));
        assertEquals(1, notifyStore().sparedSubnets(day.from(), day.to(), 1).size());
    }

    @Test
    default void summaryOfASummerTimeDayCountsItsTwentyThreeHoursOnly() {
        recordSample();
        SummaryRequest day = SummaryRequest.daily(DST_DAY, BERLIN);
        BanSummary s = notifyStore().summarize(day.from(), day.to(), everything(day), 50);
        assertEquals(4, s.newBans());
        assertEquals(Map.of(1, 2L, 2, 1L, 3, 1L), s.newBansByStrike());
        assertEquals(Map.of("postfix", 3L, "dovecot", 1L), s.newBansByService());
        assertEquals(4, s.uniqueAddresses());
        // at the end of the day: 203.0.113.1 and the /24 (strike 1), .8 (2), .7 (3); .50 was lifted
        assertEquals(Map.of(1, 2L, 2, 1L, 3, 1L), s.activeBansByStrike());
        assertEquals(List.of("198.51.100.7", "198.51.100.8"), s.repeatBans().stream().map(o -> o.offender().toString()).toList());
        assertEquals(List.of("192.0.2.0/24"), s.subnetBans().stream().map(o -> o.offender().toString()).toList());
        assertEquals(List.of("203.0.113.50"), s.liftedBans().stream().map(o -> o.offender().toString()).toList(),
                "lifted early; 198.51.100.60's ban ran out");
        assertEquals(1, s.topOffenders().size());
        assertEquals("203.0.113.1", s.topOffenders().get(0).offender().toString());
        assertEquals(2, s.topOffenders().get(0).offenses());
    }

    @Test
    default void aForgottenOffenseMakesNobodyATopRepeatOffender() {
        recordSample();
        SummaryRequest day = SummaryRequest.daily(DST_DAY, BERLIN);
        // 203.0.113.1's offense of March 1 is forgotten by a window starting on March 10; exactly at it, too
        for (Instant after : List.of(local("2026-03-10T00:00"), local("2026-03-01T10:00"))) {
            BanSummary s = notifyStore().summarize(day.from(), day.to(), new CountingWindow(after, day.to(), null), 50);
            assertEquals(List.of(), s.topOffenders(), "window after " + after);
            assertEquals(4, s.newBans(), "the period's own figures do not depend on the window");
        }
        // one millisecond earlier it still counts
        BanSummary s = notifyStore().summarize(day.from(), day.to(),
                new CountingWindow(local("2026-03-01T10:00").minusMillis(1), day.to(), null), 50);
        assertEquals(2, s.topOffenders().get(0).offenses());
        // per-service: the dovecot history holds none of 203.0.113.1's postfix offenses
        assertEquals(List.of(), notifyStore().summarize(day.from(), day.to(),
                new CountingWindow(Instant.EPOCH, day.to(), Service.DOVECOT), 50).topOffenders());
    }

    private static CountingWindow everything(SummaryRequest r) {
        return new CountingWindow(Instant.EPOCH, r.to(), null);
    }

    @Test
    default void perDayCountsLocalDaysAcrossTheClockChangeIncludingEmptyDays() {
        recordSample();
        List<DayStat> days = notifyStore().perDay(LocalDate.parse("2026-03-27"), LocalDate.parse("2026-03-30"), BERLIN);
        assertEquals(List.of(0L, 1L, 4L, 1L), days.stream().map(DayStat::offenses).toList());
        assertEquals(LocalDate.parse("2026-03-27"), days.get(0).day());
        assertEquals(Map.of(1, 2L, 2, 1L, 3, 1L), days.get(2).offensesByStrike());
        assertEquals(4, days.get(2).uniqueOffenders());
    }

    @Test
    default void listsAreCappedButCountsAreNot() {
        recordSample();
        SummaryRequest day = SummaryRequest.daily(DST_DAY, BERLIN);
        BanSummary s = notifyStore().summarize(day.from(), day.to(), everything(day), 1);
        assertEquals(4, s.newBans());
        assertEquals(List.of("198.51.100.7"), s.repeatBans().stream().map(o -> o.offender().toString()).toList());
    }
}
