package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.notify.LocalMailbox;
import org.saslfail.notify.ParsedMail;

/**
 * {@code saslfail report daily|weekly} over a real SQLite store filled by {@code replay}: printed
 * to the console, mailed through the real local Postfix into a real mailbox, and every bad input.
 */
class SummaryReportIT {
    private static LocalMailbox box;

    @TempDir Path dir;
    Path db;
    Path config;

    @BeforeEach
    void seed() throws IOException {
        db = dir.resolve("saslfail.db");
        config = dir.resolve("saslfail.conf");
        writeConfig(25);
        // noon, so that the days hold in any zone the machine runs in
        Path log = dir.resolve("fail2ban.log");
        Files.write(log, List.of(
                "2026-06-01 12:00:00,000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban 203.0.113.9",
                "2026-06-09 12:00:00,000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban 203.0.113.1",
                "2026-06-09 12:00:05,000 fail2ban.actions [1]: NOTICE [saslfail-dovecot] Ban 203.0.113.2",
                "2026-06-10 12:00:00,000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban 203.0.113.9"));
        Cli r = saslfail("replay", "--tz", ZoneId.systemDefault().getId(), log.toString());
        assertEquals(0, r.code(), r.toString());
    }

    private void writeConfig(int smtpPort) throws IOException {
        Files.write(config, List.of("database = " + db,
                "# no fail2ban here: the summary must warn that nothing is enforced",
                "fail2ban.socket = " + dir.resolve("no-fail2ban.sock"),
                "notify.smtp.host = 127.0.0.1",
                "notify.smtp.port = " + smtpPort));
    }

    @AfterAll
    static void deleteMailbox() throws Exception {
        if (box != null) {
            box.close();
        }
    }

    private Cli saslfail(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private static void assertOneLine(Cli r, int code, String expected) {
        assertEquals(code, r.code(), r.toString());
        assertTrue(r.err().startsWith("saslfail: ") && r.err().contains(expected), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.out().isEmpty(), r.toString());
    }

    @Test
    void aPastDayIsPrintedWithoutTheHealthOfTheMachineThatPrintsIt() {
        Cli r = saslfail("report", "daily", "--date", "2026-06-09");
        assertEquals(0, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.startsWith("saslfail daily summary 2026-06-09: 2 new bans\n"), out);
        assertFalse(out.contains("NOT RUNNING") || out.contains("-- \nsaslfail"), "no health of today, no mail signature: " + out);
        assertTrue(out.contains("unique addresses banned: 2"), out);
        assertTrue(out.contains("== Bans per day =="), out);
        assertFalse(out.contains("203.0.113.9"), "the strike-2 ban fell on the 10th: " + out);
        assertTrue(r.err().isEmpty(), r.toString());
    }

    @Test
    void weeklyCoversMondayToSundayOfTheGivenDay() {
        Cli r = saslfail("report", "weekly", "--end", "2026-06-14");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("saslfail weekly summary 2026-06-08 to 2026-06-14: 3 new bans\n"),
                r.out());
        assertTrue(r.out().contains("New strike-2+ bans (1)") && r.out().contains("203.0.113.9  strike 2"), r.out());
        Cli midweek = saslfail("report", "weekly", "--end", "2026-06-10");
        assertEquals(r.out().lines().findFirst(), midweek.out().lines().findFirst(), "any day names its week");
    }

    @Test
    void jsonGivesTheFiguresUnderStableNames() {
        Cli r = saslfail("report", "weekly", "--end", "2026-06-14", "--json");
        assertEquals(0, r.code(), r.toString());
        String j = r.out().replaceAll("\\s+", "");
        for (String field : List.of("\"schema_version\":1,\"command\":\"reportweekly\"", "\"first_day\":\"2026-06-08\"",
                "\"last_day\":\"2026-06-14\"", "\"fail2ban_running\":null", "\"daemon_running\":null", "\"offenses\":3",
                "\"offenses_by_strike\":{\"1\":2,\"2\":1}", "\"offenses_by_service\":{\"dovecot\":1,\"postfix\":2}",
                "\"unique_offenders\":3", "\"offender\":\"203.0.113.9/32\",\"ip\":\"203.0.113.9\",\"strike\":2")) {
            assertTrue(j.contains(field), field + " in " + j);
        }
        assertEquals(7, j.split("\"date\":").length - 1, "one entry per day of the week: " + j);
        Cli day = saslfail("report", "daily", "--date", "2026-06-09", "--json");
        assertTrue(day.out().replaceAll("\\s+", "").contains("\"command\":\"reportdaily\""), day.toString());
    }

    @Test
    void withoutADateTodayAndYesterdayAreSummarised() {
        Cli today = saslfail("report", "daily");
        assertEquals(0, today.code(), today.toString());
        assertTrue(today.out().startsWith("WARNING not enforcing - saslfail daily summary " + java.time.LocalDate.now() + ": 0 new bans"),
                "today's summary of this machine's store says that nothing is enforced: " + today.out());
        assertTrue(today.out().contains("fail2ban is NOT RUNNING") && today.out().contains("the saslfail daemon is NOT RUNNING"),
                today.out());
        Cli yesterday = saslfail("report", "daily", "--yesterday");
        assertEquals(0, yesterday.code(), yesterday.toString());
        assertTrue(yesterday.out().contains("saslfail daily summary " + java.time.LocalDate.now().minusDays(1)), yesterday.out());
        assertEquals(0, saslfail("report", "weekly").code());
    }

    @Test
    void mailDeliversBothSummariesThroughPostfix() throws Exception {
        box = box == null ? LocalMailbox.create() : box;
        box.clear();
        Cli daily = saslfail("report", "daily", "--date", "2026-06-09", "--mail", box.address());
        assertEquals(0, daily.code(), daily.toString());
        assertEquals("daily summary of 2026-06-09 mailed to " + box.address() + "\n", daily.out());
        Cli weekly = saslfail("report", "weekly", "--end", "2026-06-14", "--mail", box.address());
        assertEquals(0, weekly.code(), weekly.toString());

        List<ParsedMail> mails = box.await(2);
        assertEquals(2, mails.size());
        for (ParsedMail m : mails) {
            assertEquals(box.address(), m.message().getAllRecipients()[0].toString());
            assertTrue(m.contentType().startsWith("multipart/alternative"), m.contentType());
            assertTrue(m.html().contains("fail2ban is NOT RUNNING"), m.html());
        }
        ParsedMail day = mails.stream().filter(m -> m.subject().contains("daily")).findFirst().orElseThrow();
        assertEquals("WARNING not enforcing - saslfail daily summary 2026-06-09: 2 new bans", day.subject());
        assertTrue(day.text().contains("unique addresses banned: 2"), day.text());
        ParsedMail week = mails.stream().filter(m -> m.subject().contains("weekly")).findFirst().orElseThrow();
        assertTrue(week.text().contains("203.0.113.9  strike 2"), week.text());
    }

    @Test
    void anUnreachableMailServerIsARuntimeFailureOfOneLine() throws IOException {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        writeConfig(closed);
        assertOneLine(saslfail("report", "daily", "--date", "2026-06-09", "--mail", "root@localhost"), 1, ":" + closed);
    }

    @Test
    void badInputIsAUsageErrorOfOneLine() {
        assertOneLine(saslfail("report", "daily", "--date", "2026-13-01"), 2, "--date: cannot read date \"2026-13-01\"");
        assertOneLine(saslfail("report", "daily", "--date", "yesterday"), 2, "--date: cannot read date");
        assertOneLine(saslfail("report", "weekly", "--end", "last week"), 2, "--end: cannot read date");
        Cli both = saslfail("report", "daily", "--date", "2026-06-09", "--yesterday");
        assertEquals(2, both.code(), both.toString());
        assertTrue(both.err().contains("mutually exclusive"), both.toString());
        assertOneLine(saslfail("report", "daily", "--mail", "root@localhost\r\nBcc: victim@example.org"), 2,
                "--mail: not an e-mail address");
        assertOneLine(saslfail("report", "daily", "--json", "--mail", "root@localhost"), 2, "--json and --mail");
        assertOneLine(saslfail("report", "weekly", "--mail", "nobody"), 2, "--mail: not an e-mail address: \"nobody\"");
        Path missing = dir.resolve("missing.db");
        Cli r = Cli.run("report", "daily", "--config", config.toString(), "--db", missing.toString());
        assertOneLine(r, 2, "no saslfail database at " + missing);
        assertFalse(Files.exists(missing));
    }
}
