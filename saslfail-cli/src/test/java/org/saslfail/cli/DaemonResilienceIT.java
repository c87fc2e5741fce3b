package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daemon against a real fail2ban (nftables, own table), with bans injected by fail2ban's own
 * client for TEST-NET addresses that are never contacted: admin commands, bad input, fail2ban
 * restarted, fail2ban stopped, a jail refusing, and the daemon SIGKILLed during a wave.
 * Ladder 60s, 120s, 240s so that bans outlive each test.
 */
class DaemonResilienceIT {
    private static LiveSetup live;

    @BeforeAll
    static void start() {
        live = LiveSetup.create("res", "60s, 120s, 240s");
        live.startDaemon();
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    private static long offenses(String ipLike) {
        return live.sql("SELECT count(*) FROM offenses WHERE ip LIKE '" + ipLike + "'");
    }

    private static String context() {
        String log = live.log();
        return "\n--- daemon log (tail)\n" + log.substring(Math.max(0, log.length() - 4000))
                + "\n--- fail2ban log (tail)\n" + live.f2b.tail();
    }

    /** Seeds offenses that ended long ago, as history, through 'saslfail replay'. */
    private static void seedExpiredOffenses(List<String> ips) throws IOException {
        String at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(Instant.now().minus(Duration.ofMinutes(30)));
        StringBuilder log = new StringBuilder();
        for (String ip : ips) {
            log.append(at).append(",000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban ").append(ip).append('\n');
        }
        Path f = live.f2b.dir().resolve("seed-" + System.nanoTime() + ".log");
        Files.writeString(f, log);
        Cli r = live.cli("replay", "--tz", "UTC", f.toString());
        assertEquals(0, r.code(), r.toString());
    }

    /** fail2ban answers banip before its action has run; its ban list follows a moment later. */
    private static void eventually(String jail, String ip, boolean banned) {
        try {
            LiveSetup.waitUntil(ip + (banned ? " banned in " : " not banned in ") + jail, Duration.ofSeconds(10),
                    () -> live.banned(jail).contains(ip) == banned);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + context(), e);
        }
    }

    @Test
    void adminCommandsKeepStoreAndFail2banInStep() {
        Cli r = live.cli("ban", "198.18.10.1");
        assertEquals(0, r.code(), r + context());
        eventually("saslfail-postfix", "198.18.10.1", true);
        r = live.cli("ban", "198.18.10.2", "--strike", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("strike 2 in saslfail-strike2"), r.toString());
        eventually("saslfail-strike2", "198.18.10.2", true);
        eventually("saslfail-postfix", "198.18.10.2", false);

        r = live.cli("unban", "198.18.10.2");
        assertEquals(0, r.code(), r.toString());
        eventually("saslfail-strike2", "198.18.10.2", false);
        assertEquals(1, offenses("198.18.10.2"), "unban keeps the history");
        assertEquals(1, live.sql("SELECT count(*) FROM offenses WHERE ip = '198.18.10.2' AND lifted_at_ms IS NOT NULL"));

        r = live.cli("ban", "198.18.10.2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Banned 198.18.10.2 at strike 2"), "the kept history counts: " + r);
        eventually("saslfail-strike2", "198.18.10.2", true);

        r = live.cli("forgive", "198.18.10.2");
        assertEquals(2, r.code(), "no terminal here, so --yes is required: " + r);
        assertTrue(r.err().contains("--yes"), r.toString());
        assertTrue(live.banned("saslfail-strike2").contains("198.18.10.2"), "refused forgive changes nothing");

        r = live.cli("forgive", "198.18.10.2", "--yes");
        assertEquals(0, r.code(), r.toString());
        eventually("saslfail-strike2", "198.18.10.2", false);
        assertEquals(0, offenses("198.18.10.2"), "forgive erases the history");

        // the daemon reads fail2ban's row of the hand ban and counts no second offense for it
        LiveSetup.waitUntil("the daemon saw the hand ban", Duration.ofSeconds(10),
                () -> live.log().contains("ban 198.18.10.1 in saslfail-postfix"));
        assertEquals(1, offenses("198.18.10.1"), context());

        LiveSetup.waitUntil("a heartbeat", Duration.ofSeconds(10), () -> live.sql("SELECT count(*) FROM daemon_heartbeat") > 0);
        r = live.cli("doctor");
        assertEquals(0, r.code(), r + context());
        assertTrue(r.out().contains("ok daemon: alive"), r.toString());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("ok ")), r.toString());
    }

    @Test
    void badInputIsRejectedWithOneLineAndNeverReachesTheSocket() throws Exception {
        Set<String> before = live.banned("saslfail-postfix");
        String f2bLog = Files.readString(live.f2b.log());
        List<String> bad = List.of("198.18.0.1; reboot", "$(reboot)", "`id`", "198.18.0.1\nset x banip 1.2.3.4",
                "c__builtin__\nsystem\n(S'id'\ntR.", "<F2B_END_COMMAND>", "198.18.0.256", "198.18.0.0/33",
                "2001:db8::1::2", "../../etc/passwd", "", "A".repeat(10 * 1024));
        for (String input : bad) {
            for (String[] cmd : List.of(new String[] {"ban", input}, new String[] {"unban", input},
                    new String[] {"forgive", "--yes", input})) {
                Cli r = live.cli(cmd);
                assertEquals(2, r.code(), String.join(" ", cmd[0]) + " " + input.length() + " chars: " + r);
                assertEquals(1, r.err().strip().lines().count(), r.toString());
                assertTrue(r.err().startsWith("saslfail: not an IP address or network"), r.toString());
                assertTrue(r.err().length() < 300, "bad input is quoted short: " + r.err().length());
            }
        }
        Cli r = live.cli("ban", "127.0.0.1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("ignore list"), r.toString());
        r = live.cli("ban", "198.18.0.9", "--strike", "9");
        assertEquals(2, r.code(), r.toString());
        r = Cli.run("replay", "--config", live.conf.toString(), "--jail", "jail;reboot", live.conf.toString());
        assertEquals(2, r.code(), r.toString());

        // config: a banaction parameter with shell metacharacters never reaches a jail file
        Path badConf = live.f2b.dir().resolve("bad.conf");
        Files.writeString(badConf, Files.readString(live.conf).replace("table=" + live.table, "table=x;reboot"));
        r = Cli.run("fail2ban", "write-config", "--config", badConf.toString(), "--dest", live.f2b.dir().toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(badConf.toString()) && r.err().contains("fail2ban.banaction_params"), r.toString());
        assertFalse(Files.exists(live.f2b.dir().resolve("jail.d")), "nothing written");

        // events: rows fail2ban's database should never hold are skipped, not sent on
        long offensesBefore = live.sql("SELECT count(*) FROM offenses");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live.f2b.db());
             PreparedStatement st = c.prepareStatement(
                     "INSERT INTO bans (jail, ip, timeofban, bantime, bancount, data) VALUES (?, ?, ?, 60, 1, '{}')")) {
            for (String ip : List.of("198.18.0.1;reboot", "c__builtin__\nsystem", "B".repeat(10 * 1024))) {
                st.setString(1, "saslfail-postfix");
                st.setString(2, ip);
                st.setLong(3, Instant.now().getEpochSecond());
                st.executeUpdate();
            }
            st.setString(1, "saslfail-postfix'; DROP TABLE bans; --");
            st.setString(2, "198.18.0.77");
            st.setLong(3, Instant.now().getEpochSecond());
            st.executeUpdate();
        }
        LiveSetup.waitUntil("the daemon skipped the bad rows", Duration.ofSeconds(10),
                () -> live.log().split("not a single address", -1).length > 3);
        Thread.sleep(1000);
        assertEquals(offensesBefore, live.sql("SELECT count(*) FROM offenses"), context());
        assertTrue(live.daemonAlive());
        assertTrue(live.log().lines().allMatch(l -> l.length() < 400), "every log line stays short");
        assertTrue(before.containsAll(live.banned("saslfail-postfix")), "nothing new was banned");
        String added = Files.readString(live.f2b.log()).substring(f2bLog.length());
        assertFalse(added.contains("ERROR"), added);
        assertFalse(added.contains("reboot") || added.contains("builtin"), added);
    }

    @Test
    void aWaveOfRepeatOffendersIsEnforcedInBatchesAndABadRowAmongThemHoldsNothingUp() throws Exception {
        List<String> repeaters = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            repeaters.add("198.18.40." + i);
        }
        seedExpiredOffenses(repeaters);
        String f2bLog = Files.readString(live.f2b.log());
        live.f2b.client("set", "loglevel", "HEAVYDEBUG"); // fail2ban logs every command it receives
        try {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live.f2b.db());
                 PreparedStatement st = c.prepareStatement(
                         "INSERT INTO bans (jail, ip, timeofban, bantime, bancount, data) VALUES (?, ?, ?, 60, 1, '{}')")) {
                st.setString(1, "saslfail-postfix");
                st.setString(2, "198.18.40.99 198.18.40.98;reboot");
                st.setLong(3, Instant.now().getEpochSecond());
                st.executeUpdate();
            }
            live.inject("saslfail-postfix", repeaters, repeaters.size());
            LiveSetup.waitUntil("every repeat offender sits in strike 2 only", Duration.ofSeconds(30), () ->
                    live.banned("saslfail-strike2").containsAll(repeaters)
                            && repeaters.stream().noneMatch(live.banned("saslfail-postfix")::contains));
        } finally {
            live.f2b.client("set", "loglevel", "INFO");
        }
        assertEquals(40, live.sql("SELECT count(*) FROM offenses WHERE ip LIKE '198.18.40.%' AND strike = 2"));
        List<String> tierCommands = Files.readString(live.f2b.log()).substring(f2bLog.length()).lines()
                .filter(l -> l.contains("Command: ['set', 'saslfail-strike2', 'banip'")).toList();
        assertTrue(tierCommands.size() < repeaters.size() && tierCommands.stream()
                .anyMatch(l -> l.split("'198\\.18\\.40\\.", -1).length > 2), "tier bans went out in batches: " + tierCommands);
        String added = Files.readString(live.f2b.log()).substring(f2bLog.length());
        assertFalse(added.contains("198.18.40.99") || added.contains("reboot"), "the bad row never reached fail2ban");
        assertTrue(live.log().contains("not a single address"), context());
    }

    @Test
    void fail2banRestartedWithBansAtEveryTierCountsNothingAndKeepsEveryBan() {
        live.inject("saslfail-postfix", List.of("198.18.20.1"), 1);
        assertEquals(0, live.cli("ban", "198.18.20.2", "--strike", "2").code());
        assertEquals(0, live.cli("ban", "198.18.20.3", "--strike", "3").code());
        LiveSetup.waitUntil("the strike-1 ban is recorded", Duration.ofSeconds(10), () -> offenses("198.18.20.1") == 1);
        long offensesBefore = live.sql("SELECT count(*) FROM offenses");
        long maxStrikeBefore = live.sql("SELECT max(strike) FROM offenses WHERE ip LIKE '198.18.20.%'");

        live.f2b.restart();
        LiveSetup.waitUntil("every ban is back in its jail", Duration.ofSeconds(20), () ->
                live.banned("saslfail-postfix").contains("198.18.20.1")
                        && live.banned("saslfail-strike2").contains("198.18.20.2")
                        && live.banned("saslfail-strike3").contains("198.18.20.3"));
        sleep(3000); // give the daemon time to (wrongly) count restored bans
        assertEquals(offensesBefore, live.sql("SELECT count(*) FROM offenses"), "no new offense" + context());
        assertEquals(maxStrikeBefore, live.sql("SELECT max(strike) FROM offenses WHERE ip LIKE '198.18.20.%'"));
        assertEquals(1, live.sql("SELECT max(strike) FROM offenses WHERE ip = '198.18.20.1'"), "no escalation");
        assertFalse(live.banned("saslfail-strike2").contains("198.18.20.1"));
        assertTrue(live.daemonAlive());
    }

    @Test
    void fail2banStoppedWhileTheDaemonRunsIsCaughtUpWhenItIsBack() throws Exception {
        seedExpiredOffenses(List.of("198.18.30.1", "198.18.30.2"));
        int mark = live.log().length();
        live.f2b.stop();
        sleep(4000);
        assertTrue(live.daemonAlive(), "the daemon keeps running" + context());
        String during = live.log().substring(mark);
        assertEquals(1, during.split("fail2ban is unreachable", -1).length - 1, "said once, not every poll:" + during);

        live.f2b.start();
        live.inject("saslfail-postfix", List.of("198.18.30.1"), 1);
        LiveSetup.waitUntil("the repeat offender sits in strike 2", Duration.ofSeconds(20),
                () -> live.banned("saslfail-strike2").contains("198.18.30.1")
                        && !live.banned("saslfail-postfix").contains("198.18.30.1"));
        assertTrue(live.log().substring(mark).contains("fail2ban is reachable again"), context());

        // a jail that refuses: the command is kept pending and retried until it is taken
        live.f2b.client("stop", "saslfail-strike2");
        live.inject("saslfail-postfix", List.of("198.18.30.2"), 1);
        LiveSetup.waitUntil("the refused ban is pending", Duration.ofSeconds(10),
                () -> live.sql("SELECT count(*) FROM node_jail_ops WHERE target = '198.18.30.2'") == 1);
        Cli doctor = live.cli("doctor");
        assertEquals(1, doctor.code(), doctor.toString());
        assertTrue(doctor.out().contains("FAIL jail saslfail-strike2") && doctor.out().contains("FAIL pending"), doctor.toString());
        live.f2b.client("reload");
        LiveSetup.waitUntil("the pending ban is applied", Duration.ofSeconds(40),
                () -> live.banned("saslfail-strike2").contains("198.18.30.2"));
        LiveSetup.waitUntil("nothing pending", Duration.ofSeconds(5),
                () -> live.sql("SELECT count(*) FROM node_jail_ops") == 0);
        assertEquals(2, live.sql("SELECT max(strike) FROM offenses WHERE ip = '198.18.30.2'"));
    }

    @Test
    void sigkillDuringAWaveOfFiveHundredBansLosesNothingAndCountsNothingTwice() throws Exception {
        List<String> wave = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            wave.add("198.19." + (i / 250) + "." + (i % 250 + 1));
        }
        List<String> repeaters = wave.subList(0, 100);
        seedExpiredOffenses(repeaters);
        long seeded = offenses("198.19.%");
        assertEquals(100, seeded);
        long since = Instant.now().toEpochMilli() - 1000;

        AtomicInteger injected = new AtomicInteger();
        Thread injector = new Thread(() -> {
            for (int i = 0; i < wave.size(); i += 20) {
                live.inject("saslfail-postfix", wave.subList(i, Math.min(wave.size(), i + 20)), 20);
                injected.addAndGet(20);
            }
        });
        injector.start();
        LiveSetup.waitUntil("150 bans injected", Duration.ofSeconds(60), () -> injected.get() >= 150);
        live.killDaemon();
        injector.join(120_000);
        assertEquals(500, injected.get());
        live.startDaemon();

        LiveSetup.waitUntil("every ban is recorded and every escalation applied", Duration.ofSeconds(60), () ->
                live.sql("SELECT count(*) FROM offenses WHERE ip LIKE '198.19.%' AND at_ms >= " + since) == 500
                        && live.banned("saslfail-strike2").containsAll(repeaters));
        assertEquals(500, live.sql("SELECT count(*) FROM offenses WHERE ip LIKE '198.19.%' AND at_ms >= " + since),
                "exactly one offense per ban fail2ban issued" + context());
        assertEquals(100, live.sql("SELECT count(*) FROM offenses WHERE ip LIKE '198.19.%' AND strike = 2"));
        assertEquals(0, live.sql("SELECT count(*) FROM (SELECT offender, at_ms FROM offenses GROUP BY offender, at_ms "
                + "HAVING count(*) > 1)"), "none twice");
        Set<String> strikeOne = live.banned("saslfail-postfix");
        for (String ip : repeaters) {
            assertFalse(strikeOne.contains(ip), ip + " was moved out of the strike-1 jail");
        }
        assertEquals(400, wave.stream().filter(strikeOne::contains).count(), "first offenders stay in strike 1");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
