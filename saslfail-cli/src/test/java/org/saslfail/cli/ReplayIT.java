package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** saslfail replay on real SQLite files: the escalation rules as an administrator sees them. */
class ReplayIT {
    private static final LocalDateTime T0 = LocalDateTime.of(2026, 1, 5, 10, 0, 0);
    private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir Path dir;
    Path db;
    Path config;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        db = dir.resolve("saslfail.db");
        config = dir.resolve("saslfail.conf");
        Files.writeString(config, "# test config\nladder = 48h, 8d, 32d\n");
    }

    private void line(Duration after, String jail, String action, String ip) {
        log.add(F.format(T0.plus(after)) + ",000 fail2ban.actions        [812]: NOTICE  [" + jail + "] " + action + " " + ip);
    }

    private Path writeLog() throws IOException {
        Path f = dir.resolve("fail2ban.log");
        Files.write(f, log);
        return f;
    }

    private Cli saslfail(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.toString(), "--config", config.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void escalationRulesHoldOverAReplayedLog() throws IOException {
        Duration d = Duration.ofDays(1);
        // one address on day 0, 3, 12 and 50: strikes 1, 2, 3, 3
        line(Duration.ZERO, "saslfail-postfix", "Ban", "203.0.113.9");
        line(Duration.ofHours(1), "saslfail-postfix", "Ban", "203.0.113.9");        // still banned: no offense
        line(Duration.ofHours(2), "saslfail-postfix", "Restore Ban", "203.0.113.9"); // restore: no offense
        line(d.multipliedBy(3), "saslfail-postfix", "Ban", "203.0.113.9");
        line(d.multipliedBy(12), "saslfail-dovecot", "Ban", "203.0.113.9");
        line(d.multipliedBy(50), "saslfail-postfix", "Ban", "203.0.113.9");
        // IPv6: a second address of an offending /64 escalates
        line(Duration.ZERO, "saslfail-postfix", "Ban", "2001:db8:77:1::5");
        line(d.multipliedBy(5), "saslfail-postfix", "Ban", "2001:db8:77:1:dead::beef");
        // ignored addresses never appear
        line(Duration.ofHours(3), "saslfail-postfix", "Ban", "192.168.1.20");
        line(Duration.ofHours(3), "saslfail-postfix", "Ban", "::ffff:10.1.2.3");
        // last seen more than forget_after ago: strike 1 again
        line(Duration.ZERO, "saslfail-postfix", "Ban", "198.51.100.44");
        line(d.multipliedBy(3), "saslfail-postfix", "Ban", "198.51.100.44");
        line(d.multipliedBy(3 + 366), "saslfail-postfix", "Ban", "198.51.100.44");
        // noise
        log.add("2026-01-05 09:59:59,000 fail2ban.filter         [812]: INFO    [saslfail-postfix] Found 203.0.113.9 - 2026-01-05 09:59:59");
        log.add("some garbage line");
        line(Duration.ZERO, "saslfail-strike2", "Ban", "203.0.113.200");
        log.sort(null);
        Path f = writeLog();

        Cli replay = saslfail("replay", "--tz", "UTC", "--json", f.toString());
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("\"offenses\": 9"), replay.out());
        assertTrue(replay.out().contains("\"restores\": 1"), replay.out());
        assertTrue(replay.out().contains("\"repeats_while_banned\": 1"), replay.out());
        assertTrue(replay.out().contains("\"ignored\": 2"), replay.out());
        assertTrue(replay.out().contains("\"not_watched\": 0"), replay.out());
        assertTrue(replay.out().contains("\"tier_jail_bans\": 1"), "saslfail's own tier jail is no other jail: " + replay.out());
        assertTrue(replay.out().contains("\"other_fail2ban_message\": 1"), replay.out());
        assertTrue(replay.out().contains("\"not_a_fail2ban_log_line\": 1"), replay.out());

        Cli show = saslfail("show", "203.0.113.9", "--json");
        assertEquals(0, show.code(), show.toString());
        String s = show.out().replaceAll("\\s+", "");
        assertTrue(s.contains("{\"at\":\"2026-01-05T10:00:00Z\",\"offender\":\"203.0.113.9/32\",\"ip\":\"203.0.113.9\",\"strike\":1,"
                + "\"jail\":\"saslfail-postfix\",\"service\":\"postfix\",\"ban_seconds\":172800,\"expires_at\":\"2026-01-07T10:00:00Z\""), s);
        assertTrue(s.contains("\"at\":\"2026-01-08T10:00:00Z\",\"offender\":\"203.0.113.9/32\",\"ip\":\"203.0.113.9\",\"strike\":2,"
                + "\"jail\":\"saslfail-strike2\",\"service\":\"postfix\",\"ban_seconds\":691200,\"expires_at\":\"2026-01-16T10:00:00Z\""), s);
        assertTrue(s.contains("\"at\":\"2026-01-17T10:00:00Z\",\"offender\":\"203.0.113.9/32\",\"ip\":\"203.0.113.9\",\"strike\":3,"
                + "\"jail\":\"saslfail-strike3\",\"service\":\"dovecot\",\"ban_seconds\":2764800,\"expires_at\":\"2026-02-18T10:00:00Z\""), s);
        assertTrue(s.contains("\"at\":\"2026-02-24T10:00:00Z\",\"offender\":\"203.0.113.9/32\",\"ip\":\"203.0.113.9\",\"strike\":3,"
                + "\"jail\":\"saslfail-strike3\",\"service\":\"postfix\",\"ban_seconds\":2764800,\"expires_at\":\"2026-03-28T10:00:00Z\""), s);
        assertTrue(s.contains("\"active\":null"), "the last ban ended on 2026-03-28: " + s);
        assertEquals(4, s.split("\"strike\":").length - 1, s);

        String v6 = saslfail("show", "2001:db8:77:1::1", "--json").out().replaceAll("\\s+", "");
        assertTrue(v6.contains("\"offender\":\"2001:db8:77:1::/64\""), v6);
        assertTrue(v6.contains("\"ip\":\"2001:db8:77:1:dead::beef\",\"strike\":2"), v6);

        String forgotten = saslfail("show", "198.51.100.44", "--json").out().replaceAll("\\s+", "");
        assertTrue(forgotten.contains("\"at\":\"2027-01-09T10:00:00Z\",\"offender\":\"198.51.100.44/32\",\"ip\":\"198.51.100.44\",\"strike\":1"),
                forgotten);

        String all = saslfail("list", "--json", "--limit", "1000").out();
        assertFalse(all.contains("192.168.1.20"), "ignored addresses are never recorded");
        assertFalse(all.contains("10.1.2.3"), "ignored addresses are never recorded");
    }

    @Test
    void replayingTheSameFileTwiceChangesNothing() throws IOException {
        line(Duration.ZERO, "saslfail-postfix", "Ban", "203.0.113.9");
        line(Duration.ofDays(3), "saslfail-postfix", "Ban", "203.0.113.9");
        line(Duration.ofDays(4), "saslfail-dovecot", "Ban", "198.51.100.1");
        Path f = writeLog();
        assertEquals(0, saslfail("replay", f.toString()).code());
        String before = saslfail("list", "--json", "--limit", "1000").out() + saslfail("report", "summary", "--json").out();
        Cli again = saslfail("replay", "--json", f.toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("\"offenses\": 0"), again.out());
        assertTrue(again.out().contains("\"already_recorded\": 3"), again.out());
        String after = saslfail("list", "--json", "--limit", "1000").out() + saslfail("report", "summary", "--json").out();
        // only the time the report was made, and what it reckons back from then, may differ
        String moving = "\"(offenses_last_24h|at)\": [^,]+,";
        assertEquals(before.replaceAll(moving, ""), after.replaceAll(moving, ""));
    }

    @Test
    void statusCountsTheOffensesThatStillCountForTheNextBanAndAllOfThemBeside() throws IOException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        // 400 days ago (forgotten by the 365-day forget_after), 10 days ago (so strike 1 again), an hour ago (strike 2)
        for (Duration ago : List.of(Duration.ofDays(400), Duration.ofDays(10), Duration.ofHours(1))) {
            log.add(F.format(now.minus(ago)) + ",000 fail2ban.actions        [812]: NOTICE  [saslfail-postfix] Ban 203.0.113.9");
        }
        Cli replay = saslfail("replay", "--tz", "UTC", writeLog().toString());
        assertEquals(0, replay.code(), replay.toString());
        Cli status = saslfail("status", "--json");
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("\"strike\": 2"), status.out());
        assertTrue(status.out().contains("\"offenses\": 3,"), status.out());
        assertTrue(status.out().contains("\"counting_offenses\": 2"), status.out());
        Cli table = saslfail("status");
        assertTrue(table.out().matches("(?s).*203\\.0\\.113\\.9 .* 3 +2\\R.*"), table.out());
    }

    @Test
    void aMailLogBesideTheBanLogSeedsKnownUsersOnTheLogsClock() throws IOException {
        // alice logs in from .7 before its bans; bob from .8 only after its second ban
        Path mail = dir.resolve("mail.log");
        Files.write(mail, List.of(
                "Jan  4 09:00:00 mx postfix/smtpd[1]: AB12: client=unknown[198.51.100.7], sasl_method=PLAIN, sasl_username=alice",
                "Jan  4 09:00:01 mx postfix/smtpd[1]: warning: unknown[198.51.100.9]: SASL LOGIN authentication failed:"
                        + " x, sasl_username=eve",
                "Jan 15 09:00:00 mx dovecot: imap-login: Login: user=<bob>, method=PLAIN, rip=198.51.100.8, lip=192.0.2.1"));
        Files.setLastModifiedTime(mail, java.nio.file.attribute.FileTime.from(T0.plusDays(40).toInstant(ZoneOffset.UTC)));
        for (String ip : List.of("198.51.100.7", "198.51.100.8")) {
            line(Duration.ZERO, "saslfail-postfix", "Ban", ip);
            line(Duration.ofDays(5), "saslfail-postfix", "Ban", ip);
            line(Duration.ofDays(15), "saslfail-postfix", "Ban", ip);
        }
        Cli replay = saslfail("replay", "--tz", "UTC", mail.toString(), writeLog().toString());
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().matches("(?s).*Successful logins read:\\s+2\\n.*"), replay.out());
        assertTrue(replay.out().matches("(?s).*Known users \\(strike 1\\):\\s+4\\n.*"), replay.out());
        Cli alice = saslfail("show", "198.51.100.7", "--json");
        String compact = alice.out().replaceAll("\\s+", "");
        assertEquals(3, compact.split("\"known_users\":\\[\"alice\"\\]", -1).length - 1, alice.out());
        Cli bob = saslfail("show", "198.51.100.8");
        assertTrue(bob.out().matches("(?s).*2026-01-10 10:00:00  198\\.51\\.100\\.8\\s+2\\s.*"), bob.out());
        assertTrue(bob.out().matches("(?s).*2026-01-20 10:00:00  198\\.51\\.100\\.8\\s+1\\s.*\"bob\".*"), bob.out());
    }

    @Test
    void theSampleLogReplaysAndReportsAnswer() {
        Path sample = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).resolve("examples/sample/fail2ban.log");
        if (!Files.exists(sample)) {
            sample = Path.of("..", "examples/sample/fail2ban.log");
        }
        Cli replay = saslfail("replay", sample.toString());
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("strike 3:"), replay.out());
        assertTrue(replay.out().contains("Restores (never counted):"), replay.out());
        // the log is from the past: the replay's last line points at status --at, which shows its bans
        java.util.regex.Matcher more = java.util.regex.Pattern.compile("… and (\\d+) more \\(saslfail status --at (\\S+) --db ")
                .matcher(replay.out());
        assertTrue(more.find(), replay.out());
        Cli then = saslfail("status", "--at", more.group(2));
        assertEquals(0, then.code(), then.toString());
        assertTrue(then.out().contains((Integer.parseInt(more.group(1)) + 10) + " active bans at "), then.out());
        Cli status = saslfail("status", "--json");
        assertEquals(0, status.code(), status.toString());
        for (String report : List.of("summary", "by-ip", "by-date")) {
            Cli r = saslfail("report", report);
            assertEquals(0, r.code(), r.toString());
            assertFalse(r.out().isBlank(), report);
        }
        Cli list = saslfail("list", "--limit", "5", "--json");
        assertEquals(5, list.out().split("\"at\":").length - 1, list.out());
        assertTrue(list.err().startsWith("… ") && list.err().endsWith(" more (use --limit)\n"), list.err());
        for (String field : List.of("\"at\"", "\"ip\"", "\"action\"", "\"strike\"", "\"jail\"")) {
            assertTrue(list.out().contains(field), field);
        }
    }

    @Test
    void noBanEverCoversAnIgnoredAddressItsSlash64NarrowsToTheOffendingAddress() throws IOException {
        Files.writeString(config, "ignore = 127.0.0.0/8 2001:db8:1::5\n");
        line(Duration.ZERO, "saslfail-postfix", "Ban", "2001:db8:1::7");
        line(Duration.ofDays(9), "saslfail-postfix", "Ban", "2001:db8:1::7");
        Path f = writeLog();
        assertEquals(0, saslfail("replay", "--tz", "UTC", f.toString()).code());

        Cli ignored = saslfail("show", "2001:db8:1::5");
        assertTrue(ignored.out().contains("Not banned now") || ignored.out().contains("No offenses recorded"), ignored.toString());
        Cli offender = saslfail("show", "--json", "2001:db8:1::7");
        assertTrue(offender.out().contains("\"offender\": \"2001:db8:1::7/128\""), offender.toString());
        assertTrue(offender.out().contains("2001:db8:1::/64") && offender.out().contains("\"strike\": 2"), offender.toString());
        Cli status = saslfail("status");
        assertFalse(status.out().contains("2001:db8:1::/64"), status.toString());

        Cli ban = saslfail("ban", "2001:db8:1::/64");
        assertEquals(2, ban.code(), ban.toString());
        assertTrue(ban.err().contains("2001:db8:1::5"), ban.toString());
        Cli wide = saslfail("ban", "203.0.0.0/15");
        assertEquals(2, wide.code(), wide.toString());
        assertTrue(wide.err().contains("wider than /16"), wide.toString());
    }

    @Test
    void blacklistLeavesOutAnOffenderThatHoldsAnAddressIgnoredSinceItWasRecorded() throws IOException {
        line(Duration.ZERO, "saslfail-postfix", "Ban", "2001:db8:1::7");
        line(Duration.ofDays(3), "saslfail-postfix", "Ban", "2001:db8:1::8");
        line(Duration.ofDays(3), "saslfail-postfix", "Ban", "198.51.100.9");
        line(Duration.ofDays(6), "saslfail-postfix", "Ban", "198.51.100.9");
        Path f = writeLog();
        assertEquals(0, saslfail("replay", "--tz", "UTC", f.toString()).code());
        Cli before = saslfail("blacklist", "--min-strike", "1", "--threshold", "2", "--since", "2026-01-01");
        assertTrue(before.out().contains("2001:db8:1::/64"), before.toString());

        Files.writeString(config, "ignore = 127.0.0.0/8 2001:db8:1::5\n");
        Cli after = saslfail("blacklist", "--min-strike", "1", "--threshold", "2", "--since", "2026-01-01");
        assertEquals(0, after.code(), after.toString());
        assertFalse(after.out().contains("2001:db8:1::"), after.toString());
        assertTrue(after.out().contains("198.51.100.9"), after.toString());
    }

    @Test
    void pruneDeletesWhatRetentionNoLongerKeepsAndADryRunOnlyCounts() throws IOException {
        Files.writeString(config, "forget_after = 30d\nretention = 40d\n");
        line(Duration.ZERO, "saslfail-postfix", "Ban", "198.51.100.44");
        Path f = writeLog();
        assertEquals(0, saslfail("replay", "--tz", "UTC", f.toString()).code());
        Cli dry = saslfail("prune", "--dry-run");
        assertEquals(0, dry.code(), dry.toString());
        assertTrue(dry.out().contains("Would delete 1 offenses, 1 events"), dry.toString());
        assertTrue(saslfail("show", "198.51.100.44").out().contains("198.51.100.44"));
        Cli prune = saslfail("prune");
        assertTrue(prune.out().contains("Deleted 1 offenses, 1 events"), prune.toString());
        assertTrue(saslfail("show", "198.51.100.44").out().contains("No offenses recorded"));
        Files.writeString(config, "retention = 0s\n");
        assertEquals(2, saslfail("prune").code(), "a retention of nothing is a configuration error");
    }
}
