package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saslfail.notify.LocalMailbox;
import org.saslfail.notify.ParsedMail;

/**
 * Known users with real traffic: the real Postfix + Dovecot SASL, swaks in two network namespaces,
 * fail2ban and the daemon as a process with notify.mode = immediate to a real mailbox. One
 * namespace logs in as alice, later fails AUTH until fail2ban bans it, twice (ladder 4s, 8s, 16s:
 * two "weeks" of strike-1 bans): it stays at strike 1 and each mail says alice logged in from it.
 * A namespace that never logged in climbs to strike 2. Then the daily summary, cut at one ban per
 * list, is mailed and read back, and its JSON checked for the same facts.
 */
class KnownUserLiveIT {
    private static final String HOST_A = "10.77.3.5";
    private static final String ALICE = "10.77.3.6";
    private static final String HOST_B = "10.77.3.9";
    private static final String STRANGER = "10.77.3.10";
    private static LiveSetup live;
    private static LocalMailbox box;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for namespaces and nftables");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/swaks")), "needs swaks");
        Path testbed = LiveEscalationIT.testbed();
        LiveEscalationIT.sh(testbed.resolve("mailserver.sh").toString(), "up");
        LiveEscalationIT.sh(testbed.resolve("netns.sh").toString(), "add", "ku1", HOST_A + "/30", ALICE + "/30");
        LiveEscalationIT.sh(testbed.resolve("netns.sh").toString(), "add", "ku2", HOST_B + "/30", STRANGER + "/30");
        box = LocalMailbox.create();
        live = LiveSetup.create("ku", "4s, 8s, 16s", Path.of("/var/log/postfix.log"), Map.of("notify.mode",
                String.join("\n", "immediate", "notify.to = " + box.address(), "notify.smtp.host = 127.0.0.1",
                        "notify.list_limit = 1")));
        live.startDaemon();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (live != null) {
                live.close();
            }
        } finally {
            try {
                if (box != null) {
                    box.close();
                }
            } finally {
                Path testbed = LiveEscalationIT.testbed();
                LiveEscalationIT.sh(testbed.resolve("netns.sh").toString(), "del", "ku1");
                LiveEscalationIT.sh(testbed.resolve("netns.sh").toString(), "del", "ku2");
            }
        }
    }

    /** A successful SMTP AUTH up to a valid recipient: Postfix then logs client=…, sasl_username=alice. */
    private static int logIn(String ns, String server) {
        return LiveEscalationIT.sh("ip", "netns", "exec", ns, "swaks", "--server", server, "--auth", "LOGIN",
                "--auth-user", "alice", "--auth-password", "secret", "--to", box.address(), "--quit-after", "RCPT",
                "--timeout", "5");
    }

    private static void failAuth(String ns, String server) {
        LiveEscalationIT.sh("ip", "netns", "exec", ns, "swaks", "--server", server, "--auth", "LOGIN", "--auth-user",
                "alice", "--auth-password", "wrong", "--quit-after", "AUTH", "--timeout", "5");
    }

    private static boolean canConnect(String ns, String server) {
        return LiveEscalationIT.sh("ip", "netns", "exec", ns, "swaks", "--server", server, "--quit-after", "CONNECT",
                "--timeout", "3") == 0;
    }

    private static String context() {
        String log = live.log();
        return "\n--- daemon log (tail)\n" + log.substring(Math.max(0, log.length() - 3000));
    }

    /** Fails AUTH until fail2ban bans the address, then waits for the daemon's decision to be stored. */
    private static void offend(String ns, String server, String ip, int offenses) {
        LiveSetup.waitUntil(ip + " free again", Duration.ofSeconds(30), () -> canConnect(ns, server));
        failAuth(ns, server);
        LiveSetup.waitUntil("offense " + offenses + " of " + ip + " recorded", Duration.ofSeconds(20),
                () -> live.sql("SELECT count(*) FROM offenses WHERE ip = '" + ip + "'") == offenses);
    }

    @Test
    void aKnownUsersAddressStaysAtStrikeOneAndItsMailsSaySoWhileAStrangerClimbs() throws Exception {
        assertEquals(0, logIn("ku1", HOST_A), "alice logs in from " + ALICE);
        try {
            LiveSetup.waitUntil("the daemon learned alice's login", Duration.ofSeconds(20),
                    () -> live.sql("SELECT count(*) FROM logins WHERE login_from = '" + ALICE + "' AND user_name = 'alice'") == 1);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + context(), e);
        }

        offend("ku1", HOST_A, ALICE, 1);
        offend("ku2", HOST_B, STRANGER, 1);
        LiveSetup.waitUntil("both strike-1 bans end", Duration.ofSeconds(20), () -> live.sql(
                "SELECT count(*) FROM offenses WHERE expires_at_ms > strftime('%s','now') * 1000") == 0);
        offend("ku2", HOST_B, STRANGER, 2);
        LiveSetup.waitUntil("the stranger moved to strike 2", Duration.ofSeconds(5),
                () -> live.banned("saslfail-strike2").contains(STRANGER));
        offend("ku1", HOST_A, ALICE, 2);
        assertTrue(live.banned("saslfail-postfix").contains(ALICE), "alice's second ban runs in the strike-1 jail");
        assertFalse(live.banned("saslfail-strike2").contains(ALICE));

        assertEquals(1, live.sql("SELECT max(strike) FROM offenses WHERE ip = '" + ALICE + "'"), context());
        assertEquals(2, live.sql("SELECT count(*) FROM offenses WHERE ip = '" + ALICE + "' AND known_users = 'alice'"));
        assertEquals(2, live.sql("SELECT max(strike) FROM offenses WHERE ip = '" + STRANGER + "'"), context());
        assertEquals(0, live.sql("SELECT count(*) FROM offenses WHERE ip = '" + STRANGER + "' AND known_users IS NOT NULL"));
        assertEquals(2, live.sql("SELECT count(*) FROM offenses WHERE ip = '" + ALICE + "' AND jail = 'saslfail-postfix'"));
        assertEquals(1, live.sql("SELECT count(*) FROM offenses WHERE ip = '" + STRANGER + "' AND jail = 'saslfail-strike2'"));

        List<ParsedMail> mails = box.await(4);
        List<ParsedMail> aliceMails = mails.stream().filter(m -> m.subject().contains(ALICE)).toList();
        assertEquals(2, aliceMails.size(), mails.stream().map(ParsedMail::subject).toList().toString());
        for (ParsedMail m : aliceMails) {
            assertEquals("saslfail: strike-1 ban of " + ALICE + " (a known user's address)", m.subject());
            assertTrue(m.text().contains("\"alice\" logged in from this address") && m.text().contains("KNOWN USER"), m.text());
            assertTrue(m.html().contains("&quot;alice&quot; logged in from this address"), m.html());
        }
        ParsedMail strangerStrike1 = mails.stream().filter(m -> m.subject().equals("saslfail: strike-1 ban of " + STRANGER))
                .findFirst().orElseThrow();
        assertFalse(strangerStrike1.text().contains("KNOWN USER"), strangerStrike1.text());

        summaryListsAreCutAndSayWhereTheRestIs();
    }

    /** notify.list_limit = 1: each list names one ban and points at by-date for the rest, in text, HTML and JSON. */
    private void summaryListsAreCutAndSayWhereTheRestIs() throws Exception {
        box.clear();
        String today = LocalDate.now().toString();
        Cli mailed = live.cli("report", "daily", "--mail", box.address());
        assertEquals(0, mailed.code(), mailed.toString());
        ParsedMail summary = box.await(1).get(0);
        String more = "... and 1 more: saslfail report by-date --date " + today;
        assertTrue(summary.text().contains("== New strike-1 bans (3) ==") && summary.text().contains(more.replace("1 more", "2 more")),
                summary.text());
        assertTrue(summary.text().contains("Known users' addresses banned") && summary.text().contains(more), summary.text());
        assertTrue(summary.text().contains("KNOWN USER: \"alice\""), summary.text());
        assertTrue(summary.html().contains(more.replace("1 more", "2 more")) && summary.html().contains("KNOWN USER: &quot;alice&quot;"),
                summary.html());
        assertTrue(summary.text().contains("users tried: \"alice\""), "the names fail2ban recorded: " + summary.text());

        Cli json = live.cli("report", "daily", "--json");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().contains("\"known_user_bans\": {\"total\": 2, \"more\": 1,")
                || json.out().replaceAll("\\s+", "").contains("\"known_user_bans\":{\"total\":2,\"more\":1,"), json.out());
        assertTrue(json.out().replaceAll("\\s+", "").contains("\"list_limit\":1"), json.out());

        Cli all = live.cli("report", "by-date", "--date", today);
        assertEquals(0, all.code(), all.toString());
        assertTrue(all.out().contains("4 bans on " + today), all.out());
    }
}
