package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's last rules as the commands show them, over real SQLite files filled by replay:
 * per-service history and forget_after honoured by show, report by-ip and blacklist, and a
 * subnet spared by an ignore entry named by report daily.
 */
class PolicyReportsIT {
    private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @TempDir Path dir;

    private static String ban(Instant at, String jail, String ip) {
        return F.format(at) + ",000 fail2ban.actions        [812]: NOTICE  [" + jail + "] Ban " + ip;
    }

    private Cli saslfail(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", dir.resolve("saslfail.db").toString(), "--config", config.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private Path replay(Path config, List<String> lines) throws IOException {
        Path log = dir.resolve("fail2ban.log");
        Files.write(log, lines);
        Cli r = saslfail(config, "replay", "--tz", "UTC", log.toString());
        assertEquals(0, r.code(), r.toString());
        return log;
    }

    @Test
    void perServiceHistoryAndDecayAreHonouredByShowByIpAndBlacklist() throws IOException {
        Path config = dir.resolve("saslfail.conf");
        Files.write(config, List.of("history = per-service", "forget_after = 10d", "ladder = 48h, 8d, 32d"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Duration day = Duration.ofDays(1);
        replay(config, List.of(
                ban(now.minus(day.multipliedBy(40)), "saslfail-postfix", "198.51.100.7"),
                ban(now.minus(day.multipliedBy(35)), "saslfail-postfix", "198.51.100.7"),  // strike 2, long forgotten
                ban(now.minus(day.multipliedBy(30)), "saslfail-postfix", "203.0.113.9"),
                ban(now.minus(day.multipliedBy(25)), "saslfail-postfix", "203.0.113.9"),   // strike 2, forgotten by now
                ban(now.minus(day.multipliedBy(3)), "saslfail-dovecot", "203.0.113.9"),    // dovecot's own history: strike 1
                ban(now.minus(day.multipliedBy(2)), "saslfail-postfix", "203.0.113.9")));  // 25 d ago is forgotten: strike 1

        Cli show = saslfail(config, "show", "203.0.113.9", "--json");
        assertEquals(0, show.code(), show.toString());
        String s = show.out().replaceAll("\\s+", "");
        assertEquals(2, s.split("\"counts\":false", -1).length - 1, show.out());
        assertEquals(2, s.split("\"counts\":true", -1).length - 1, show.out());
        assertTrue(s.contains("\"strike\":2,\"jail\":\"saslfail-strike2\""), show.out());
        assertTrue(s.contains("\"history\":\"per-service\""), show.out());
        assertTrue(s.contains("\"next_strike\":{\"postfix\":2,\"dovecot\":2}"), show.out());
        assertTrue(s.contains("{\"service\":\"postfix\",\"counting_offenses\":1,\"next_strike\":2,\"next_ban_seconds\":691200}"), show.out());
        Cli showText = saslfail(config, "show", "203.0.113.9");
        assertTrue(showText.out().contains("no (forgotten)"), showText.out());
        assertTrue(showText.out().contains("postfix: 1 count, next strike 2 (8d); dovecot: 1 count, next strike 2 (8d)"),
                showText.out());

        Cli byIp = saslfail(config, "report", "by-ip", "--json");
        assertEquals(0, byIp.code(), byIp.toString());
        String b = byIp.out().replaceAll("\\s+", "");
        assertTrue(b.contains("\"offender\":\"203.0.113.9/32\",\"offenses\":4,\"max_strike\":2"), byIp.out());
        assertTrue(b.contains("\"counting_offenses\":2,\"next_strike\":{\"postfix\":2,\"dovecot\":2}"), byIp.out());
        assertTrue(b.contains("\"offender\":\"198.51.100.7/32\",\"offenses\":2,\"max_strike\":2"), byIp.out());
        assertTrue(b.contains("\"counting_offenses\":0,\"next_strike\":{\"postfix\":1,\"dovecot\":1}"), byIp.out());

        // both services' offenses count together on a firewall list; forgotten ones only when asked for
        Cli list = saslfail(config, "blacklist", "--min-strike", "1", "--threshold", "2");
        assertEquals(0, list.code(), list.toString());
        assertEquals(List.of("203.0.113.9"), list.out().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList(),
                list.out());
        Cli all = saslfail(config, "blacklist", "--min-strike", "1", "--threshold", "2", "--since", "1970-01-01");
        assertEquals(List.of("198.51.100.7", "203.0.113.9"),
                all.out().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList(), all.out());
        Cli strike2 = saslfail(config, "blacklist", "--min-strike", "2", "--threshold", "1");
        assertFalse(strike2.out().contains("203.0.113.9"), "its strike-2 offense is forgotten: " + strike2.out());
    }

    @Test
    void aSubnetHoldingAnIgnoredAddressIsNamedInTheDailyReportOnceEvenAfterTwoReplays() throws IOException {
        Path config = dir.resolve("saslfail.conf");
        Files.write(config, List.of("ignore = 127.0.0.0/8 ::1 203.0.113.25", "subnet_threshold = 5",
                "fail2ban.socket = " + dir.resolve("no-fail2ban.sock")));
        Instant t0 = Instant.parse("2026-06-09T12:00:00Z");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            lines.add(ban(t0.plusSeconds(60L * i), "saslfail-postfix", "203.0.113." + i));
        }
        Path log = replay(config, lines);
        Cli again = saslfail(config, "replay", "--tz", "UTC", "--json", log.toString());
        assertTrue(again.out().replaceAll("\\s+", "").contains("\"already_recorded\":6"), again.out());

        Cli daily = saslfail(config, "report", "daily", "--date", "2026-06-09", "--json");
        assertEquals(0, daily.code(), daily.toString());
        String d = daily.out().replaceAll("\\s+", "");
        assertTrue(d.contains("\"spared_subnets\":[{\"subnet\":\"203.0.113.0/24\",\"spared_by\":\"203.0.113.25/32\","
                + "\"offenders\":6,\"service\":\"postfix\",\"first_at\":\"2026-06-09T12:05:00Z\","
                + "\"last_at\":\"2026-06-09T12:06:00Z\"}]"), daily.out());
        assertTrue(d.contains("\"subnet_offenses\":[]"), daily.out());
        Cli text = saslfail(config, "report", "daily", "--date", "2026-06-09");
        assertTrue(text.out().contains("203.0.113.0/24  6 offenders  spared by ignore entry 203.0.113.25"), text.out());
        Cli show = saslfail(config, "show", "203.0.113.0/24", "--json");
        assertFalse(show.out().replaceAll("\\s+", "").contains("\"offender\":\"203.0.113.0/24\",\"ip\""),
                "the subnet itself has no offense: " + show.out());
    }
}
