package org.saslfail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Service;
import org.saslfail.core.notify.BanNotice;
import org.saslfail.core.notify.Message;
import org.saslfail.core.notify.Messages;
import org.saslfail.core.notify.NotificationPlanner;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.notify.SummaryReport;
import org.saslfail.core.notify.SummaryRequest;
import org.saslfail.core.report.DayStat;

class MailRendererTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant T = Instant.parse("2026-03-30T22:05:00Z");
    private final Messages words = new Messages(List.of("root@localhost"), BERLIN);
    private final MailRenderer renderer = new MailRenderer("saslfail@localhost");

    static byte[] mime(RenderedMail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeMail.build(Session.getInstance(new Properties()), mail).writeTo(out);
        return out.toByteArray();
    }

    @Test
    void aHostileUsernameLeavesHeadersIntactAndIsEscapedInHtml() throws Exception {
        BanNotice n = new BanNotice(BanNotice.Kind.FIRST_BAN, T, IpPrefix.parse("203.0.113.9"), 1, Service.POSTFIX,
                T.plus(Duration.ofHours(48)), List.of(Samples.HOSTILE_USER));
        Message m = words.alert(new NotificationPlanner.Batch(List.of(n), 0), T);
        ParsedMail p = ParsedMail.parse(mime(renderer.render(m)));
        assertNull(p.header("Bcc"));
        assertEquals("saslfail: strike-1 ban of 203.0.113.9", p.subject());
        assertTrue(p.contentType().startsWith("multipart/alternative"), p.contentType());
        assertEquals(2, p.partCount());
        assertFalse(p.html().contains("<script>"));
        assertTrue(p.html().contains("&lt;script&gt;x&lt;/script&gt;\\u000d\\u000aBcc: v@example.org"), p.html());
        assertTrue(p.text().contains("<script>x</script>\\u000d\\u000aBcc: v@example.org\\u000d\\u000a~!sh ~.\\u000a"),
                p.text());
        assertFalse(p.text().contains("\nBcc:"));
        assertEquals("auto-generated", p.header("Auto-Submitted"));
    }

    @Test
    void theSameKeyGivesTheSameMessageId() throws Exception {
        RenderedMail mail = new RenderedMail("daily-2026-03-29", "saslfail@localhost", List.of("root@localhost"),
                "s", "t", "<p>h</p>");
        String id = ParsedMail.parse(mime(mail)).header("Message-ID");
        assertEquals(id, ParsedMail.parse(mime(mail)).header("Message-ID"));
        assertTrue(id.endsWith(".saslfail@localhost>"), id);
    }

    @Test
    void summaryHtmlHasTheWarningTheChartBarsAndNoExternalResources() {
        SummaryRequest r = SummaryRequest.weekly(LocalDate.parse("2026-03-23"), BERLIN);
        List<DayStat> days = new org.saslfail.core.testing.FixedSummaryQuery()
                .answer(Samples.week(r.from(), r.to()), Samples.perDay(r.firstDay())).perDay(r.firstDay(), r.lastDay(), BERLIN);
        SummaryReport report = new SummaryReport(r, Samples.week(r.from(), r.to()), days, false, true);
        RenderedMail mail = renderer.render(words.summary(report, T));
        String html = mail.html();
        assertTrue(html.contains("WARNING: bans are NOT being enforced"));
        assertTrue(html.contains("fail2ban is NOT RUNNING"));
        // the busiest day (121) is the full bar; 58 of 121 is 48 %; a zero day has no bar
        assertTrue(html.contains("width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td height=\"16\""));
        assertTrue(html.contains("width=\"48%\""), html);
        assertEquals(6, html.split("bgcolor=\"#e53935\"", -1).length - 1);
        for (String banned : List.of("<img", "<script", "src=", "href=", "url(", "@import", "<link")) {
            assertFalse(html.toLowerCase().contains(banned), banned);
        }
        assertTrue(mail.subject().startsWith("WARNING not enforcing - saslfail weekly summary 2026-03-23 to 2026-03-29"));
        assertTrue(mail.text().contains("!!! fail2ban is NOT RUNNING"));
        assertTrue(mail.text().contains("2026-03-25 WED " + "#".repeat(40) + " 121"));
    }

    @Test
    void theDailySummaryNamesSparedSubnetsAndTheIgnoreEntryInTextAndHtml() {
        SummaryRequest r = SummaryRequest.daily(LocalDate.parse("2026-03-29"), BERLIN);
        org.saslfail.core.model.SparedSubnet spared = new org.saslfail.core.model.SparedSubnet(IpPrefix.parse("203.0.113.0/24"),
                IpPrefix.parse("203.0.113.25"), 6, Service.POSTFIX, Instant.parse("2026-03-29T08:00:00Z"),
                Instant.parse("2026-03-29T09:30:00Z"));
        SummaryReport report = new SummaryReport(r, Samples.week(r.from(), r.to()), List.of(), true, true, List.of(spared));
        RenderedMail mail = renderer.render(words.summary(report, T));
        assertTrue(mail.text().contains("== " + Messages.SPARED_SECTION + " (1) ==\n"
                + "  203.0.113.0/24  6 offenders  spared by ignore entry 203.0.113.25  postfix  2026-03-29 10:00 CEST"
                + " to 2026-03-29 11:30 CEST\n"), mail.text());
        assertTrue(mail.html().contains(">" + Messages.SPARED_SECTION + " (1)</div>"), mail.html());
        assertTrue(mail.html().contains(">203.0.113.0/24  6 offenders  spared by ignore entry 203.0.113.25  postfix"),
                mail.html());
        SummaryReport none = new SummaryReport(r, Samples.week(r.from(), r.to()), List.of(), true, true);
        assertTrue(renderer.render(words.summary(none, T)).text().contains("== " + Messages.SPARED_SECTION + " (0) ==\n  none\n"));
    }

    @Test
    void sectionTextIsEscapedInHtml() {
        // section lines may carry text from the store: the renderer escapes whatever a line holds
        Message m = new Message(Message.Kind.DAILY_SUMMARY, "daily-x", "s", List.of("root@localhost"), T,
                List.of(new Message.Section(Messages.SPARED_SECTION, List.of("<b>&\"x\"</b>"))), null);
        String html = renderer.html(m, "s");
        assertFalse(html.contains("<b>&"), html);
        assertTrue(html.contains("&lt;b&gt;&amp;"), html);
    }
}
