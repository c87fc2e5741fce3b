package org.saslfail.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
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
        assertTrue(m.sections().get(0).lines().contains("fail2ban is NOT RUNNING"));
        assertEquals("daily-2026-06-09", m.key());
    }

    @Test
    void textChartScalesBarsToTheBusiestDay() {
        List<String> chart = Messages.chart(List.of(new DayStat(LocalDate.parse("2026-06-08"), 10, Map.of(), 1),
                new DayStat(LocalDate.parse("2026-06-09"), 5, Map.of(), 1)));
        assertEquals("2026-06-08 MON " + "#".repeat(40) + " 10", chart.get(0));
        assertEquals("2026-06-09 TUE " + "#".repeat(20) + " 5", chart.get(1));
    }
}
