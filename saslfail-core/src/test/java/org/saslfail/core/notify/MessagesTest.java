package org.saslfail.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.report.ListedBan;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.Service;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.DayStat;

class MessagesTest {
    private static final Instant T = Instant.parse("2026-06-10T10:00:00Z");
    private final Messages words = new Messages(List.of("root@localhost"), ZoneOffset.UTC);

    @Test
    void hostileUsernamesAreQuotedInertAndNeverReachTheSubject() {
        BanNotice n = new BanNotice(BanNotice.Kind.FIRST_BAN, T, IpPrefix.parse("203.0.113.9"), 1, Service.POSTFIX,
                T.plus(Duration.ofHours(48)), List.of("evil\r\nBcc: victim@example.org", "<script>x</script>", "~!rm -rf /"));
        Message m = words.alert(new NotificationPlanner.Batch(List.of(n), 0), T);
        String line = m.sections().get(0).lines().get(0);
        assertFalse(line.contains("\r") || line.contains("\n"), line);
        assertTrue(line.contains("\\u000d\\u000aBcc"), line);
        assertEquals("saslfail: strike-1 ban of 203.0.113.9", m.subject());
    }

    @Test
    void summaryOfAStoppedFail2banStartsWithAWarningAndSaysSoInTheSubject() {
        SummaryRequest r = SummaryRequest.daily(LocalDate.parse("2026-06-09"), ZoneOffset.UTC);
        BanSummary f = new BanSummary(r.from(), r.to(), 7, Map.of(1, 6L, 3, 1L), Map.of("postfix", 7L), 7,
                Map.of(1, 20L), List.of(), List.of(), List.of(), List.of());
        Message m = words.summary(new SummaryReport(r, f, List.of(new DayStat(r.firstDay(), 7, Map.of(), 7)), false, true), T);
        assertTrue(m.subject().startsWith("WARNING not enforcing"), m.subject());
        assertTrue(m.sections().get(0).title().startsWith("WARNING"));
        assertTrue(m.sections().get(0).lines().contains("fail2ban is NOT RUNNING (no answer on its socket when this was written)"),
                m.sections().get(0).lines().toString());
        assertEquals("daily-2026-06-09", m.key());

        SummaryReport since = new SummaryReport(r, f, List.of(), false, false, List.of(), SummaryLists.NONE,
                Instant.parse("2026-06-09T22:10:00Z"), null);
        List<String> warning = words.summary(since, T).sections().get(0).lines();
        assertEquals("fail2ban is NOT RUNNING (no answer on its socket since 2026-06-09 22:10 Z)", warning.get(0));
        assertEquals("the saslfail daemon is NOT RUNNING (it never ran on this store)", warning.get(1));
    }

    private static Offense ban(String ip, int strike, Instant at, List<String> knownUsers) {
        return new Offense(IpPrefix.parse(ip), IpAddress.parse(ip), Service.POSTFIX, strike,
                JailName.of(strike == 1 ? "saslfail-postfix" : "saslfail-strike" + strike), at, at.plus(Duration.ofHours(48)),
                null, knownUsers);
    }

    @Test
    void theDailySummaryNamesEveryBanOfEachListAndCutsLongListsWithTheCommandThatShowsTheRest() {
        SummaryRequest r = SummaryRequest.daily(LocalDate.parse("2026-06-09"), ZoneOffset.UTC);
        Instant t = r.from().plusSeconds(3600);
        ListedBan alice = new ListedBan(ban("198.51.100.7", 1, t, List.of("alice")), List.of("alice", "x\u001b[31m"));
        ListedBan stranger = new ListedBan(ban("203.0.113.9", 2, t.plusSeconds(60), List.of()), List.of("admin"));
        SummaryLists lists = new SummaryLists(1, List.of(new SummaryLists.StrikePage(1, new BanPage(List.of(alice), 120)),
                new SummaryLists.StrikePage(2, new BanPage(List.of(stranger), 1))),
                List.of(new SummaryLists.StrikePage(1, new BanPage(List.of(alice), 3))), BanPage.EMPTY,
                new BanPage(List.of(alice), 1));
        BanSummary f = new BanSummary(r.from(), r.to(), 121, Map.of(1, 120L, 2, 1L), Map.of("postfix", 121L), 121,
                Map.of(1, 3L), List.of(), List.of(), List.of(), List.of());
        Message m = words.summary(new SummaryReport(r, f, List.of(), true, true, List.of(), lists), T);
        Map<String, List<String>> byTitle = new java.util.LinkedHashMap<>();
        m.sections().forEach(sec -> byTitle.put(sec.title(), sec.lines()));
        assertEquals(List.of("198.51.100.7  strike 1  postfix  2026-06-09 01:00 Z  users tried: \"alice\" \"x\\u001b[31m\""
                        + "  KNOWN USER: \"alice\"",
                "... and 119 more: saslfail report by-date --date 2026-06-09"), byTitle.get("New strike-1 bans (120)"));
        assertEquals(1, byTitle.get("New strike-2 bans (1)").size());
        assertTrue(byTitle.get("New strike-2 bans (1)").get(0).startsWith("203.0.113.9  strike 2  postfix  2026-06-09 01:01 Z"
                + "  users tried: \"admin\""), byTitle.toString());
        assertTrue(byTitle.containsKey(Messages.KNOWN_USERS_SECTION + " (1)"), byTitle.keySet().toString());
        assertEquals("... and 2 more: saslfail status --at 2026-06-10T00:00:00Z",
                byTitle.get("Active strike-1 bans at the end of the day (3)").get(1));
    }

    @Test
    void aBanOfAKnownUsersAddressSaysWhoLoggedInFromItAndWhen() {
        Login login = new Login(IpPrefix.parse("198.51.100.7"), Service.DOVECOT, "alice", T.minus(Duration.ofDays(3)));
        BanNotice n = new BanNotice(BanNotice.Kind.FIRST_BAN, T, IpPrefix.parse("198.51.100.7"), 1, Service.POSTFIX,
                T.plus(Duration.ofHours(48)), List.of("alice"), List.of(login));
        Message m = words.alert(new NotificationPlanner.Batch(List.of(n), 0), T);
        List<String> lines = m.sections().get(0).lines();
        assertTrue(lines.get(0).endsWith("KNOWN USER"), lines.get(0));
        assertTrue(lines.get(1).contains("\"alice\" logged in from this address 3 days ago (dovecot): a device with an old"
                + " password?"), lines.get(1));
        assertEquals("saslfail: strike-1 ban of 198.51.100.7 (a known user's address)", m.subject());
    }

    @Test
    void textChartScalesBarsToTheBusiestDay() {
        List<String> chart = Messages.chart(List.of(new DayStat(LocalDate.parse("2026-06-08"), 10, Map.of(), 1),
                new DayStat(LocalDate.parse("2026-06-09"), 5, Map.of(), 1)));
        assertEquals("2026-06-08 MON " + "#".repeat(40) + " 10", chart.get(0));
        assertEquals("2026-06-09 TUE " + "#".repeat(20) + " 5", chart.get(1));
    }
}
