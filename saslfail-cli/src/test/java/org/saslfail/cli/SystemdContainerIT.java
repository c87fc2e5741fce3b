package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.saslfail.cli.Programs.Run;
import org.saslfail.notify.LocalMailbox;
import org.saslfail.notify.ParsedMail;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The package on a stock Debian 12 with a real systemd and the journal as the only log (issue 16):
 * a container built from Debian's mirror by testbed/container.sh and booted with systemd-nspawn
 * on a private network. The tests run in order, as an administrator would go. The ladder is
 * shortened (30 s for a first offense) so that an escalation fits in the test, and notifications
 * are immediate, to root@localhost: the stock Postfix delivers them to /var/mail/root.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemdContainerIT {
    private static final Path SCRIPT = Path.of("..", "testbed", "container.sh").toAbsolutePath().normalize();
    private static final String[] SETTINGS = {"--notify", "immediate", "--email", "root@localhost", "--ladder", "30s, 10m, 1h"};
    private static Path root;
    private static String pid;


    @BeforeAll
    static void buildAndBoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-nspawn")) && Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
                "needs systemd-container and debootstrap (testbed/install-packages.sh)");
        root = Files.createTempDirectory(Path.of("/var/tmp"), "saslfail-bookworm-");
        Run build = Programs.run(SCRIPT.toString(), "build", root.toString());
        assertEquals(0, build.code(), build.out());
        Files.copy(Programs.deb(), root.resolve("root/saslfail.deb"));
        boot();
    }

    @AfterAll
    static void stopAndRemove() throws Exception {
        if (pid != null) {
            Programs.run(SCRIPT.toString(), "stop", pid);
        }
        if (root != null) {
            Programs.run("rm", "-rf", root.toString(), root + ".debootstrap.log", root + ".packages.log", root + ".console.log");
        }
    }

    private static void boot() throws Exception {
        Run boot = Programs.run(SCRIPT.toString(), "boot", root.toString());
        assertEquals(0, boot.code(), boot.out());
        pid = boot.out().strip();
    }

    @Test
    @Order(1)
    void aStockDebianInstallsThePackageAndSaslfailOnlyWithTheJournalMendAskedFor() throws Exception {
        assertTrue(!Files.exists(root.resolve("var/log/mail.log")) && !Files.exists(root.resolve("var/log/auth.log")),
                "no syslog files: the journal is the only log");
        Run apt = in("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "/root/saslfail.deb");
        assertEquals(0, apt.code(), apt.out());

        Run refused = in(install("--yes"));
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.out().contains("its sshd jail finds no log file") && refused.out().contains("--fix-journal-jails"),
                refused.out());

        Run install = in(install("--yes", "--fix-journal-jails"));
        assertEquals(0, install.code(), install.out());
        assertTrue(install.out().contains("put fail2ban's sshd jail on the systemd journal"), install.out());
        assertEquals("enabled", in("systemctl", "is-enabled", "saslfail").out().strip());
        assertEquals("active", in("systemctl", "is-active", "saslfail").out().strip());
        String jails = Files.readString(root.resolve("etc/fail2ban/jail.d/saslfail.conf"));
        assertEquals(2, jails.split("backend\\s+=\\s+systemd", -1).length - 1, "both strike-1 jails read the journal: " + jails);
        String status = in("fail2ban-client", "status").out();
        assertTrue(status.contains("saslfail-postfix") && status.contains("sshd"), status);
        waitFor("the daemon's log in the journal", () -> in("journalctl", "-u", "saslfail", "--no-pager").out()
                .contains("saslfail daemon running"));
    }

    /**
     * A failed SMTP AUTH against the stock Postfix with Dovecot SASL, logged only to the journal,
     * is banned by the strike-1 jail through its journal match and recorded by the daemon. Server and
     * attacker are two documentation addresses on the container's own loopback (its own network).
     */
    @Test
    @Order(2)
    void aFailedSmtpAuthLoggedOnlyToTheJournalIsBannedAndRecorded() throws Exception {
        Run setup = in("sh", "-c", String.join("\n",
                "set -e",
                "ip addr add 198.51.100.1/32 dev lo && ip addr add 198.51.100.9/32 dev lo",
                "postconf -e smtpd_sasl_auth_enable=yes smtpd_sasl_type=dovecot smtpd_sasl_path=private/auth "
                        + "smtpd_tls_security_level=none inet_interfaces=all",
                "sed -i 's/^ssl_cert/#ssl_cert/; s/^ssl_key/#ssl_key/' /etc/dovecot/conf.d/10-ssl.conf",
                "printf 'ssl = no\\nauth_mechanisms = plain login\\ndisable_plaintext_auth = no\\nauth_failure_delay = 0\\n"
                        + "service auth {\\n unix_listener /var/spool/postfix/private/auth {\\n  mode = 0660\\n  user = postfix\\n"
                        + "  group = postfix\\n }\\n}\\n' > /etc/dovecot/conf.d/99-saslfail-test.conf",
                "systemctl restart dovecot postfix"));
        assertEquals(0, setup.code(), setup.out());
        Run swaks = in("swaks", "--server", "198.51.100.1", "--local-interface", "198.51.100.9", "--auth", "LOGIN",
                "--auth-user", "alice", "--auth-password", "wrong", "--quit-after", "AUTH");
        assertTrue(swaks.out().contains("535"), swaks.out());
        waitFor("the strike-1 ban of the attacker", () -> in("fail2ban-client", "banned", "198.51.100.9").out()
                .contains("saslfail-postfix"));
        assertTrue(!Files.exists(root.resolve("var/log/mail.log")), "still no log file: it came from the journal");
        // the 30-second ban may be over by now: the history keeps the offense
        waitFor("the daemon's record of the offense", () -> {
            String show = in("saslfail", "show", "198.51.100.9").out();
            return show.contains("Offender 198.51.100.9") && show.contains("saslfail-") && !show.contains("No offenses");
        });
    }

    /**
     * Once the 30-second first ban has run out, a second burst from the same address is strike 2:
     * the daemon moves it to the strike-2 jail, and both notices reach root's real mailbox.
     */
    @Test
    @Order(3)
    void aSecondBurstAfterTheFirstBanExpiredEscalatesToStrikeTwoAndTheNoticesArriveAsMail() throws Exception {
        waitFor("the 30-second first ban to run out", () -> !in("fail2ban-client", "banned", "198.51.100.9").out()
                .contains("saslfail-"));
        Run swaks = in("swaks", "--server", "198.51.100.1", "--local-interface", "198.51.100.9", "--auth", "LOGIN",
                "--auth-user", "bob", "--auth-password", "wrong", "--quit-after", "AUTH");
        assertTrue(swaks.out().contains("535"), swaks.out());
        waitFor("the strike-2 ban in the tier jail", () -> in("fail2ban-client", "banned", "198.51.100.9").out()
                .contains("saslfail-strike2"));
        List<ParsedMail> mails = new ArrayList<>();
        waitFor("both notices in /var/mail/root", () -> {
            mails.clear();
            for (byte[] raw : LocalMailbox.read(root.resolve("var/mail/root"))) {
                mails.add(ParsedMail.parse(raw));
            }
            return mails.stream().anyMatch(m -> m.subject().equals("saslfail: strike-2 ban of 198.51.100.9"));
        });
        ParsedMail first = mails.stream().filter(m -> m.subject().equals("saslfail: strike-1 ban of 198.51.100.9"))
                .findFirst().orElseThrow(() -> new AssertionError("no strike-1 notice: "
                        + mails.stream().map(ParsedMail::subject).toList()));
        ParsedMail second = mails.stream().filter(m -> m.subject().equals("saslfail: strike-2 ban of 198.51.100.9"))
                .findFirst().orElseThrow();
        // one SASL failure is seen by both jails (Postfix's line and Dovecot's PAM line); whichever bans
        // first decides the service, and Dovecot's lines carry no sasl_username: names are not asserted
        assertTrue(first.text().contains("198.51.100.9  strike 1"), first.text());
        assertTrue(second.text().contains("198.51.100.9  strike 2"), second.text());
    }

    @Test
    @Order(4)
    void restartsOfFail2banAndSaslfailAndARebootKeepABanAndItIsBackBeforePostfixStarts() throws Exception {
        Run ban = in("saslfail", "ban", "198.51.100.7", "--strike", "3");
        assertEquals(0, ban.code(), ban.out());
        waitFor("the ban in fail2ban", SystemdContainerIT::banned);
        assertEquals(0, in("systemctl", "restart", "fail2ban").code());
        assertEquals(0, in("systemctl", "restart", "saslfail").code());
        waitFor("the ban after the restarts", SystemdContainerIT::banned);

        Programs.run(SCRIPT.toString(), "stop", pid);
        pid = null;
        boot();
        waitFor("the ban after a reboot", SystemdContainerIT::banned);
        assertEquals("active", in("systemctl", "is-active", "saslfail").out().strip());
        // saslfail counts as started only once its bans are back in fail2ban, and Postfix waits for that
        String log = in("journalctl", "-b", "-u", "saslfail", "--no-pager", "-o", "cat").out();
        assertTrue(log.contains("ready: the running bans are in fail2ban"), log);
        assertTrue(log.indexOf("reconciled") >= 0 && log.indexOf("reconciled") < log.indexOf("ready: the running bans"), log);
        long saslfailUp = monotonic("saslfail", "ActiveEnterTimestampMonotonic");
        long postfixStarts = monotonic("postfix@-", "InactiveExitTimestampMonotonic");
        assertTrue(saslfailUp > 0 && postfixStarts > 0 && saslfailUp <= postfixStarts,
                "saslfail ready at " + saslfailUp + " µs, postfix@- started at " + postfixStarts + " µs");
        Run show = in("saslfail", "show", "198.51.100.7");
        assertTrue(show.out().contains("198.51.100.7"), show.out());
    }

    @Test
    @Order(5)
    void reloadReReadsTheConfigurationAndTheUnitIsHardened() throws Exception {
        Path conf = root.resolve("etc/saslfail/saslfail.conf");
        String before = Files.readString(conf);
        String after = before.replaceAll("(?m)^ladder\\s*=.*$", "ladder = 1h, 2h, 4h")
                .replaceAll("(?m)^notify\\.mode\\s*=.*$", "notify.mode = smart");
        assertTrue(!after.equals(before) && after.contains("notify.mode = smart"), before);
        Files.writeString(conf, after);
        assertEquals(0, in("systemctl", "reload", "saslfail").code());
        waitFor("the reload in the journal", () -> in("journalctl", "-u", "saslfail", "--no-pager").out()
                .contains("reloaded configuration: ladder 1h, 2h, 4h"));
        assertTrue(in("journalctl", "-u", "saslfail", "--no-pager").out()
                .contains("reload: notifications smart to root@localhost"), "notify.* are re-read too");
        String unit = in("systemctl", "show", "saslfail", "-p", "NoNewPrivileges", "-p", "ProtectSystem",
                "-p", "ProtectHome", "-p", "PrivateTmp").out();
        assertTrue(unit.contains("NoNewPrivileges=yes") && unit.contains("ProtectHome=yes")
                && unit.contains("PrivateTmp=yes") && !unit.contains("ProtectSystem=no"), unit);
    }

    @Test
    @Order(6)
    void aptRemoveTakesSaslfailOutOfFail2banAndPurgeSaysItRemovesTheHistory() throws Exception {
        Run remove = in("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "remove", "-y", "saslfail");
        assertEquals(0, remove.code(), remove.out());
        assertTrue(!Files.exists(root.resolve("etc/fail2ban/jail.d/saslfail.conf")), remove.out());
        assertTrue(Files.exists(root.resolve("etc/fail2ban/jail.d/sshd-journal.local")), "the mend stays: fail2ban needs it");
        assertTrue(!in("systemctl", "is-active", "saslfail").out().strip().equals("active"), "the daemon stopped");
        String status = in("fail2ban-client", "status").out();
        assertTrue(!status.contains("saslfail-") && status.contains("sshd"), status);
        assertTrue(Files.exists(root.resolve("var/lib/saslfail/saslfail.db")), "remove keeps the history");

        Run purge = in("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "purge", "-y", "saslfail");
        assertEquals(0, purge.code(), purge.out());
        assertTrue(purge.out().contains("purge removes the offense history in /var/lib/saslfail"), purge.out());
        for (String gone : List.of("var/lib/saslfail", "etc/saslfail", "var/cache/saslfail", "var/backups/saslfail",
                "etc/systemd/system/multi-user.target.wants/saslfail.service")) {
            assertTrue(!Files.exists(root.resolve(gone), java.nio.file.LinkOption.NOFOLLOW_LINKS), gone + " is left");
        }
    }

    /** {@code saslfail install} with the test's settings and {@code flags}. */
    private static String[] install(String... flags) {
        List<String> all = new ArrayList<>(List.of("saslfail", "install"));
        all.addAll(List.of(flags));
        all.addAll(List.of(SETTINGS));
        return all.toArray(String[]::new);
    }

    /** A monotonic timestamp of a unit in this boot, in microseconds (0: never). */
    private static long monotonic(String unit, String property) throws Exception {
        return Long.parseLong(in("systemctl", "show", unit, "-p", property, "--value").out().strip());
    }

    /** fail2ban holds 198.51.100.7 in one of saslfail's jails. */
    private static boolean banned() throws Exception {
        return in("fail2ban-client", "banned", "198.51.100.7").out().contains("saslfail-");
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!check.holds()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting for " + what + "\n"
                    + in("journalctl", "-n", "40", "--no-pager").out());
            Thread.sleep(500);
        }
    }

    private static Run in(String... cmd) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(SCRIPT.toString(), "exec", pid));
        all.addAll(List.of(cmd));
        return Programs.run(all.toArray(String[]::new));
    }


}
