package org.saslfail.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Service;
import org.saslfail.core.notify.BanNotice.Kind;
import org.saslfail.core.notify.NotificationPlanner.Plan;

class NotificationPlannerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant T0 = Instant.parse("2026-06-10T10:00:00Z");

    static BanNotice notice(Kind kind, int strike, String offender, Instant at) {
        return new BanNotice(kind, at, IpPrefix.parse(offender), strike, Service.POSTFIX,
                kind == Kind.UNBAN || kind == Kind.PERMANENT_BAN ? null : at.plus(Duration.ofHours(48)), List.of());
    }

    static BanNotice first(String ip, Instant at) {
        return notice(Kind.FIRST_BAN, 1, ip, at);
    }

    /** A planner that has been running for two hours, so the start-up catch-up summary is behind it. */
    static NotificationPlanner running(NotifyMode mode, ZoneId zone, Instant now) {
        NotificationPlanner p = new NotificationPlanner(mode, zone, now.minus(Duration.ofHours(2)));
        p.plan(now.minus(Duration.ofHours(2)));
        return p;
    }

    @Test
    void smartHoldsFirstBansFiveMinutesThenSendsThemInOneMessage() {
        NotificationPlanner p = running(NotifyMode.SMART, ZoneOffset.UTC, T0);
        p.accept(first("203.0.113.1", T0));
        assertTrue(p.plan(T0).isEmpty());
        p.accept(first("203.0.113.2", T0.plusSeconds(120)));
        p.accept(first("203.0.113.3", T0.plusSeconds(299)));
        Plan before = p.plan(T0.plusSeconds(299));
        assertTrue(before.isEmpty());
        assertEquals(T0.plusSeconds(300), before.wakeAt());

        Plan at = p.plan(T0.plusSeconds(300));
        assertEquals(1, at.alerts().size());
        assertEquals(3, at.alerts().get(0).notices().size());
        assertEquals(0, at.alerts().get(0).heldBack());
        assertTrue(p.plan(T0.plusSeconds(301)).alerts().isEmpty());
    }

    @Test
    void smartOpensANewWindowForABanAfterTheLastOneClosed() {
        NotificationPlanner p = running(NotifyMode.SMART, ZoneOffset.UTC, T0);
        p.accept(first("203.0.113.1", T0));
        assertEquals(1, p.plan(T0.plusSeconds(300)).alerts().size());
        p.accept(first("203.0.113.2", T0.plusSeconds(301)));
        Plan next = p.plan(T0.plusSeconds(301));
        assertTrue(next.alerts().isEmpty());
        assertEquals(T0.plusSeconds(601), next.wakeAt());
        assertEquals(List.of("203.0.113.2"), p.plan(T0.plusSeconds(601)).alerts().get(0).notices().stream()
                .map(n -> n.offender().toString()).toList());
    }

    @Test
    void smartMailsStrikeThreePermanentAndSubnetBansInTheNextWindow() {
        NotificationPlanner p = running(NotifyMode.SMART, ZoneOffset.UTC, T0);
        p.accept(notice(Kind.REPEAT_BAN, 3, "198.51.100.7", T0));
        p.accept(notice(Kind.PERMANENT_BAN, 4, "198.51.100.8", T0.plusSeconds(10)));
        p.accept(notice(Kind.SUBNET_BAN, 1, "192.0.2.0/24", T0.plusSeconds(20)));
        List<Kind> kinds = p.plan(T0.plusSeconds(300)).alerts().get(0).notices().stream().map(BanNotice::kind).toList();
        assertEquals(List.of(Kind.REPEAT_BAN, Kind.PERMANENT_BAN, Kind.SUBNET_BAN), kinds);
    }

    @Test
    void smartLeavesStrikeTwoBansAndUnbansToTheDailySummary() {
        NotificationPlanner p = running(NotifyMode.SMART, ZoneOffset.UTC, T0);
        p.accept(notice(Kind.SECOND_BAN, 2, "198.51.100.7", T0));
        p.accept(notice(Kind.UNBAN, 1, "198.51.100.9", T0));
        Plan plan = p.plan(T0.plusSeconds(3600));
        assertTrue(plan.alerts().isEmpty());
        // the only wake-up left is the daily summary
        assertEquals(Instant.parse("2026-06-11T00:05:00Z"), plan.wakeAt());
        Plan summary = p.plan(Instant.parse("2026-06-11T00:05:00Z"));
        assertEquals(List.of(SummaryRequest.daily(LocalDate.parse("2026-06-10"), ZoneOffset.UTC)), summary.summaries());
        assertTrue(summary.alerts().isEmpty());
    }

    @Test
    void immediateSendsOneMessagePerBanButNotForUnbans() {
        NotificationPlanner p = running(NotifyMode.IMMEDIATE, ZoneOffset.UTC, T0);
        p.accept(first("203.0.113.1", T0));
        p.accept(notice(Kind.SECOND_BAN, 2, "203.0.113.2", T0));
        p.accept(notice(Kind.UNBAN, 1, "203.0.113.3", T0));
        Plan plan = p.plan(T0);
        assertEquals(2, plan.alerts().size());
        assertTrue(plan.alerts().stream().allMatch(b -> b.notices().size() == 1));
        assertEquals(null, plan.wakeAt());
        assertTrue(plan.summaries().isEmpty());
    }

    @Test
    void immediateNeverSendsMoreThanTwelvePerHourAndRollsTheRestIntoOneMessageWithACount() {
        NotificationPlanner p = running(NotifyMode.IMMEDIATE, ZoneOffset.UTC, T0);
        for (int i = 0; i < 15; i++) {
            p.accept(first("203.0.113." + (i + 1), T0.plusSeconds(i)));
        }
        Plan plan = p.plan(T0.plusSeconds(20));
        assertEquals(12, plan.alerts().size());
        assertEquals(T0.plusSeconds(20 + 3600), plan.wakeAt());
        p.accept(first("203.0.113.99", T0.plusSeconds(1800)));
        assertTrue(p.plan(T0.plusSeconds(1800)).alerts().isEmpty());
        assertTrue(p.plan(T0.plusSeconds(20 + 3599)).alerts().isEmpty());

        Plan later = p.plan(T0.plusSeconds(20 + 3600));
        assertEquals(1, later.alerts().size());
        assertEquals(4, later.alerts().get(0).notices().size());
        assertEquals(4, later.alerts().get(0).heldBack());
        // after the roll-up the next ban is sent on its own again
        p.accept(first("203.0.113.100", T0.plusSeconds(20 + 3601)));
        NotificationPlanner.Batch single = p.plan(T0.plusSeconds(20 + 3601)).alerts().get(0);
        assertEquals(0, single.heldBack());
        assertEquals(1, single.notices().size());
    }

    @Test
    void smartCapHoldsTheThirteenthWindowOfAnHourUntilASlotFrees() {
        NotificationPlanner p = running(NotifyMode.SMART, ZoneOffset.UTC, T0);
        int messages = 0;
        Instant t = T0;
        for (int i = 0; i < 12; i++) {
            p.accept(first("203.0.113." + (i + 1), t));
            t = t.plusSeconds(300);
            messages += p.plan(t).alerts().size();
        }
        assertEquals(12, messages);
        // sent at T0+5m, +10m, ... +60m; a 13th window closing at T0+63m finds no free slot until T0+65m
        p.accept(first("203.0.113.13", T0.plusSeconds(58 * 60)));
        Plan capped = p.plan(T0.plusSeconds(63 * 60));
        assertTrue(capped.alerts().isEmpty());
        assertEquals(T0.plusSeconds(65 * 60), capped.wakeAt());
        p.accept(first("203.0.113.14", T0.plusSeconds(64 * 60)));
        NotificationPlanner.Batch rolled = p.plan(T0.plusSeconds(65 * 60)).alerts().get(0);
        assertEquals(2, rolled.notices().size());
        assertEquals(1, rolled.heldBack());
    }

    @Test
    void aWaveOfAThousandFirstBansInTenMinutesIsAtMostThreeMessagesNamingEveryAddress() {
        NotificationPlanner p = running(NotifyMode.SMART, ZoneOffset.UTC, T0);
        Messages words = new Messages(List.of("root@localhost"), ZoneOffset.UTC);
        List<Message> sent = new ArrayList<>();
        Set<String> addresses = new HashSet<>();
        Instant wake = null;
        for (int i = 0; i < 1000; i++) {
            Instant at = T0.plusMillis(i * 600L);
            while (wake != null && !wake.isAfter(at)) {
                wake = run(p, wake, words, sent);
            }
            String ip = "198.18." + (i / 250) + "." + (i % 250 + 1);
            addresses.add(ip);
            p.accept(first(ip, at));
            wake = run(p, at, words, sent);
        }
        while (wake != null && wake.isBefore(T0.plus(Duration.ofHours(2)))) {
            wake = run(p, wake, words, sent);
        }
        assertTrue(sent.size() <= 3, "messages: " + sent.size());
        String all = String.join("\n", sent.stream().flatMap(m -> m.sections().stream())
                .flatMap(s -> s.lines().stream()).toList());
        Set<String> listed = new HashSet<>();
        for (String line : all.split("\n")) {
            listed.add(line.split(" ")[0]);
        }
        assertTrue(listed.containsAll(addresses), "missing " + (addresses.size() - listed.size()));
    }

    private static Instant run(NotificationPlanner p, Instant now, Messages words, List<Message> sent) {
        Plan plan = p.plan(now);
        plan.alerts().forEach(b -> sent.add(words.alert(b, now)));
        return plan.wakeAt();
    }

    @Test
    void dailySummaryGoesOutFiveMinutesAfterLocalMidnightForThePreviousDay() {
        Instant start = LocalDateTime.parse("2026-06-10T12:00").atZone(BERLIN).toInstant();
        NotificationPlanner p = new NotificationPlanner(NotifyMode.DAILY, BERLIN, start);
        Plan noon = p.plan(start);
        // the summary of the day before was due this morning: planned again at start
        assertEquals(List.of(SummaryRequest.daily(LocalDate.parse("2026-06-09"), BERLIN)), noon.summaries());
        Instant due = LocalDateTime.parse("2026-06-11T00:05").atZone(BERLIN).toInstant();
        assertEquals(due, noon.wakeAt());
        assertEquals(Instant.parse("2026-06-10T22:05:00Z"), due);
        assertTrue(p.plan(due.minusSeconds(1)).isEmpty());
        SummaryRequest r = p.plan(due).summaries().get(0);
        assertEquals(LocalDate.parse("2026-06-10"), r.firstDay());
        assertEquals(LocalDate.parse("2026-06-10"), r.lastDay());
        assertEquals(Instant.parse("2026-06-09T22:00:00Z"), r.from());
        assertEquals(Instant.parse("2026-06-10T22:00:00Z"), r.to());
        assertEquals(due.plus(Duration.ofDays(1)), p.plan(due.plusSeconds(1)).wakeAt());
    }

    @Test
    void dailyModeIgnoresBansButSummarisesThem() {
        NotificationPlanner p = running(NotifyMode.DAILY, ZoneOffset.UTC, T0);
        p.accept(first("203.0.113.1", T0));
        p.accept(notice(Kind.REPEAT_BAN, 3, "203.0.113.2", T0));
        assertTrue(p.plan(T0.plusSeconds(600)).isEmpty());
    }

    @Test
    void dailySummaryOfASpringForwardDayCoversTwentyThreeHoursAndAutumnTwentyFive() {
        Instant start = LocalDateTime.parse("2026-03-29T01:00").atZone(BERLIN).toInstant();
        NotificationPlanner p = new NotificationPlanner(NotifyMode.DAILY, BERLIN, start);
        Instant due = p.plan(start).wakeAt();
        assertEquals(Instant.parse("2026-03-29T22:05:00Z"), due); // 00:05 CEST on 30 March
        SummaryRequest spring = p.plan(due).summaries().get(0);
        assertEquals(LocalDate.parse("2026-03-29"), spring.firstDay());
        assertEquals(Duration.ofHours(23), Duration.between(spring.from(), spring.to()));

        SummaryRequest autumn = SummaryRequest.daily(LocalDate.parse("2026-10-25"), BERLIN);
        assertEquals(Duration.ofHours(25), Duration.between(autumn.from(), autumn.to()));
        Instant autumnStart = LocalDateTime.parse("2026-10-25T12:00").atZone(BERLIN).toInstant();
        NotificationPlanner q = new NotificationPlanner(NotifyMode.SMART, BERLIN, autumnStart);
        q.plan(autumnStart);
        assertEquals(Instant.parse("2026-10-25T23:05:00Z"), q.plan(autumnStart.plusSeconds(1)).wakeAt());
    }

    @Test
    void weeklySummaryOnMondayCoversThePreviousMondayToSunday() {
        // Wednesday 2026-03-25; the next Monday is 30 March, the first day of summer time
        Instant start = LocalDateTime.parse("2026-03-25T12:00").atZone(BERLIN).toInstant();
        NotificationPlanner p = new NotificationPlanner(NotifyMode.WEEKLY, BERLIN, start);
        Plan first = p.plan(start);
        // the week before (16-22 March) was due on the start week's Monday: planned again at start
        assertEquals(List.of(SummaryRequest.weekly(LocalDate.parse("2026-03-16"), BERLIN)), first.summaries());
        Instant due = LocalDateTime.parse("2026-03-30T00:05").atZone(BERLIN).toInstant();
        assertEquals(due, first.wakeAt());
        assertTrue(p.plan(due.minusSeconds(1)).isEmpty());
        SummaryRequest week = p.plan(due).summaries().get(0);
        assertEquals(LocalDate.parse("2026-03-23"), week.firstDay());
        assertEquals(LocalDate.parse("2026-03-29"), week.lastDay());
        assertEquals(Duration.ofHours(7 * 24 - 1), Duration.between(week.from(), week.to()));
        assertEquals("weekly-2026-03-23", week.key());
        assertEquals(due.plus(Duration.ofDays(7)), p.plan(due.plusSeconds(60)).wakeAt());
    }

    @Test
    void aRestartAfterTheDueTimePlansThatDaysSummaryAgainUnderTheSameKey() {
        Instant early = Instant.parse("2026-06-11T00:01:00Z");
        NotificationPlanner before = new NotificationPlanner(NotifyMode.SMART, ZoneOffset.UTC, early);
        SummaryRequest sent = before.plan(Instant.parse("2026-06-11T00:05:00Z")).summaries().get(0);
        Instant restart = Instant.parse("2026-06-11T09:00:00Z");
        NotificationPlanner after = new NotificationPlanner(NotifyMode.SMART, ZoneOffset.UTC, restart);
        SummaryRequest again = after.plan(restart).summaries().get(0);
        assertEquals(sent.key(), again.key());
        assertTrue(after.plan(restart.plusSeconds(1)).summaries().isEmpty());
    }

    @Test
    void missedDaysAreSkippedToTheLatestSummary() {
        NotificationPlanner p = new NotificationPlanner(NotifyMode.DAILY, ZoneOffset.UTC, T0);
        List<SummaryRequest> s = p.plan(Instant.parse("2026-06-14T08:00:00Z")).summaries();
        assertEquals(List.of(SummaryRequest.daily(LocalDate.parse("2026-06-13"), ZoneOffset.UTC)), s);
    }

    @Test
    void noneModeNeverMailsAndNeverWakes() {
        NotificationPlanner p = running(NotifyMode.NONE, ZoneOffset.UTC, T0);
        p.accept(first("203.0.113.1", T0));
        p.accept(notice(Kind.SUBNET_BAN, 1, "192.0.2.0/24", T0));
        Plan plan = p.plan(T0.plus(Duration.ofDays(8)));
        assertTrue(plan.isEmpty());
        assertEquals(null, plan.wakeAt());
    }

    @Test
    void anAddressNoticeKeepsItsOffenderText() {
        assertEquals("2001:db8::/64", notice(Kind.FIRST_BAN, 1, "2001:db8::/64", T0).offender().toString());
        assertEquals(IpAddress.parse("203.0.113.1"), first("203.0.113.1", T0).offender().network());
    }
}
