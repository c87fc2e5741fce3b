package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.BanEntry;
import org.saslfail.fail2ban.client.Fail2banClient;

/**
 * saslfail upgrade-from-legacy on a bash original recreated from DESIGN §3: its six jails with a
 * filter and an action of its own, ban-tracker.sh, a history file of a few thousand rows, running
 * bans (one already a day old) and a cron line.
 */
class UpgradeFromLegacyIT {
    private static final int ROWS = 3000;

    @Test
    void historyImportedOldJailsAndCronGoneBansKeptWithTheirRemainingTime() throws IOException, SQLException, InterruptedException {
        try (Fail2banSandbox box = new Fail2banSandbox("l")) {
            Path script = box.dir().resolve("opt/ban-tracker.sh");
            Files.createDirectories(script.getParent());
            Files.writeString(script, "#!/bin/sh\n# the bash original\nNOTIFY_EMAIL=\"postmaster@example.net\"\n"
                    + "BANS_DB=/var/lib/saslfail/bans.db\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            legacyConfig(box, script);
            Path history = history(box.dir().resolve("bans.db"));
            Path cronDir = box.dir().resolve("cron.d");
            Files.createDirectories(cronDir);
            Files.writeString(cronDir.resolve("ban-tracker"), "MAILTO=root\n0 7 * * * root " + script
                    + " daily-summary\n30 2 * * * root /usr/bin/true\n");

            box.server.start();
            Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
            ageBan(box, "postfix-sasl-first", "10.77.4.11", dayAgo, 172800);
            box.server.restart(); // the aged ban is restored with its original start
            try (Fail2banClient c = new Fail2banClient(box.server.socket())) {
                // the server restores its bans while its jails start, after the socket is up
                boolean restored = false;
                for (int i = 0; i < 100 && !restored; i++) {
                    restored = c.jails().contains(JailName.of("postfix-sasl-first")) && c.jailsBanning(
                            org.saslfail.core.model.IpAddress.parse("10.77.4.11")).contains(JailName.of("postfix-sasl-first"));
                    if (!restored) {
                        Thread.sleep(100);
                    }
                }
                assertTrue(restored, box.server.tail());
                c.ban(JailName.of("postfix-sasl-second"), List.of(IpPrefix.parse("10.77.4.12")));
                c.ban(JailName.of("dovecot-third"), List.of(IpPrefix.parse("10.77.4.13")));
            }
            Instant bannedAt = Instant.now();

            List<String> args = new ArrayList<>(List.of("upgrade-from-legacy"));
            args.addAll(box.where());
            args.addAll(List.of("--legacy-script", script.toString(), "--legacy-history", history.toString(),
                    "--cron-dir", cronDir.toString(), "--banaction-option", "table=" + box.table));
            Cli up = Cli.run(args.toArray(String[]::new));
            assertEquals(0, up.code(), up + "\n" + box.server.tail());

            try (Fail2banClient c = new Fail2banClient(box.server.socket())) {
                List<String> jails = c.jails().stream().map(JailName::value).toList();
                assertTrue(jails.stream().noneMatch(j -> j.startsWith("postfix-sasl-") || j.startsWith("dovecot-")), jails.toString());
                assertTrue(jails.containsAll(List.of("saslfail-postfix", "saslfail-strike2", "saslfail-strike3", "ins-other")),
                        jails.toString());
                assertEnds(c, "saslfail-postfix", "10.77.4.11", dayAgo.plusSeconds(172800));
                assertEnds(c, "saslfail-strike2", "10.77.4.12", bannedAt.plus(Duration.ofDays(8)));
                assertEnds(c, "saslfail-strike3", "10.77.4.13", bannedAt.plus(Duration.ofDays(32)));
            }
            // its jail file, its own filter and action are gone; fail2ban's own dovecot filter stays
            assertFalse(Files.exists(box.conf().resolve("jail.d/ban-tracker.conf")));
            assertFalse(Files.exists(box.conf().resolve("filter.d/postfix-sasl.conf")));
            assertFalse(Files.exists(box.conf().resolve("action.d/ban-tracker.conf")));
            assertTrue(Files.exists(box.conf().resolve("filter.d/dovecot.conf")));
            String cron = Files.readString(cronDir.resolve("ban-tracker"));
            assertFalse(cron.contains("ban-tracker.sh"), cron);
            assertTrue(cron.contains("/usr/bin/true"), cron);
            String conf = Files.readString(box.saslfailConf());
            assertTrue(conf.contains("notify.to = postmaster@example.net"), conf);
            assertTrue(conf.contains("ignore = 127.0.0.0/8 ::1 198.51.100.0/24"), conf);
            assertTrue(up.out().contains("moved 3 running ban(s)") && up.out().contains("3 active now"), up.out());
            assertTrue(up.out().contains("imported " + history) && up.out().contains(ROWS + " rows"), up.out());

            Cli show = Cli.run("show", "203.0.113.7", "--json", "--config", box.saslfailConf().toString());
            assertEquals(0, show.code(), show.toString());
            assertTrue(show.out().contains("\"strike\":1") || show.out().replaceAll("\\s+", "").contains("\"strike\":1"),
                    show.out());
            try (var tars = Files.list(box.backups())) {
                assertTrue(tars.anyMatch(p -> p.getFileName().toString().startsWith("cron-ban-tracker")),
                        "the cron file was backed up before it was edited");
            }
        }
    }

    private static void assertEnds(Fail2banClient c, String jail, String ip, Instant expected) {
        Optional<BanEntry> ban = c.bansWithTime(JailName.of(jail)).stream()
                .filter(b -> b.target().equals(IpPrefix.parse(ip))).findFirst();
        assertTrue(ban.isPresent(), ip + " is not banned in " + jail);
        long off = Math.abs(Duration.between(expected, ban.get().end().orElseThrow()).toSeconds());
        assertTrue(off <= 120, jail + " " + ip + " ends at " + ban.get().end().orElseThrow() + ", expected " + expected);
    }

    private static void legacyConfig(Fail2banSandbox box, Path script) throws IOException {
        Path log = box.mailLog();
        StringBuilder jails = new StringBuilder("# ban-tracker: three strikes for SASL brute force\n");
        String[][] defs = {{"postfix-sasl", "postfix-sasl"}, {"dovecot", "dovecot"}};
        String[] tiers = {"first", "second", "third"};
        long[] times = {172800, 691200, 2764800};
        for (String[] d : defs) {
            for (int t = 0; t < 3; t++) {
                jails.append("\n[").append(d[0]).append('-').append(tiers[t]).append("]\n")
                        .append("enabled  = true\nfilter   = ").append(t == 0 ? d[1] : d[1]).append("\n")
                        .append("backend  = polling\nlogpath  = ").append(t == 0 ? log : "/dev/null").append("\n")
                        .append("maxretry = 1\nbantime  = ").append(times[t]).append("\n")
                        .append("ignoreip = 127.0.0.1/8 ::1 198.51.100.0/24\n")
                        .append("action   = dummy[target=").append(box.dir().resolve("legacy.dummy")).append("]\n")
                        .append("           ban-tracker[jail=").append(d[0]).append('-').append(tiers[t]).append("]\n");
            }
        }
        Files.writeString(box.conf().resolve("jail.d/ban-tracker.conf"), jails);
        Files.writeString(box.conf().resolve("filter.d/postfix-sasl.conf"), "# ban-tracker\n[Definition]\n"
                + "failregex = ^.*warning: [-._\\w]+\\[<HOST>\\]: SASL \\w+ authentication failed\n");
        Files.writeString(box.conf().resolve("action.d/ban-tracker.conf"), "[Definition]\nactionstart =\nactionstop =\n"
                + "actioncheck =\nactionban = " + script + " ban <ip> <jail>\nactionunban = " + script + " unban <ip> <jail>\n"
                + "[Init]\njail = unknown\n");
    }

    /** A history file like the original's: bans, restores and unbans of many addresses over months. */
    private static Path history(Path file) throws IOException {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime t = LocalDateTime.of(2026, 1, 1, 0, 0);
        List<String> rows = new ArrayList<>(List.of("timestamp|ip|jail|action|strike_level|notified"));
        String[] jails = {"postfix-sasl-first", "postfix-sasl-second", "postfix-sasl-third", "dovecot-first"};
        String[] actions = {"ban", "ban", "unban", "restore-ban"};
        for (int i = 0; rows.size() <= ROWS; i++) {
            int tier = i % 4;
            rows.add(f.format(t.plusMinutes(37L * i)) + "|203.0." + (113 + (i / 250) % 3) + "." + (i % 250 + 1) + "|"
                    + jails[tier] + "|" + actions[(i / 7) % 4] + "|" + (tier == 3 ? 1 : tier + 1) + "|" + (i % 2));
        }
        Files.write(file, rows);
        return file;
    }

    private static void ageBan(Fail2banSandbox box, String jail, String ip, Instant start, long bantime) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + box.server.db());
             PreparedStatement st = c.prepareStatement("INSERT OR REPLACE INTO bips(ip, jail, timeofban, bantime, bancount, data) "
                     + "VALUES (?, ?, ?, ?, 1, '{}')")) {
            st.setString(1, ip);
            st.setString(2, jail);
            st.setLong(3, start.getEpochSecond());
            st.setLong(4, bantime);
            st.executeUpdate();
        }
    }
}
