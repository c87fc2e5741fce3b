package org.saslfail.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.testing.Fail2banServer;

/**
 * The install's pre-flight (issue 16): fail2ban's configuration is checked as it is before
 * anything changes; stock Debian 12's sshd jail, which finds no /var/log/auth.log on a
 * journal-only system, is put on the journal only when asked. On a real fail2ban server.
 */
class PreflightIT {

    @Test
    void aConfigurationFail2banAlreadyRejectsChangesNothingAndNamesTheJailAndTheCause() throws IOException {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("pre-bad")) {
            Files.writeString(f2b.config().resolve("jail.d/broken.conf"),
                    "[broken]\nenabled = true\nfilter = no-such-filter\nlogpath = " + f2b.dir().resolve("x.log") + "\n");
            InstallRequest r = InstallerFixture.request(f2b, false, f2b.dir().resolve("cron"));
            Map<String, String> before = InstallerFixture.snapshot(f2b.config());
            FaultyCommands commands = new FaultyCommands();

            InstallFailedException e = assertThrows(InstallFailedException.class,
                    () -> InstallerFixture.installer(commands).install(r));

            assertTrue(e.getMessage().startsWith("fail2ban's configuration in " + f2b.config()
                    + " is invalid as it is, so nothing was changed: jail broken: "), e.getMessage());
            assertTrue(e.getMessage().contains("no-such-filter"), e.getMessage());
            assertEquals(before, InstallerFixture.snapshot(f2b.config()));
            assertFalse(Files.exists(r.backupDir()), "not even a backup");
            assertFalse(Files.exists(r.saslfailConfig()));
            assertTrue(commands.calls.stream().noneMatch(c -> c.get(0).equals("tar")));
        }
    }

    @Test
    void debiansSshdJailWithoutItsLogIsPutOnTheJournalOnlyWhenAskedAndTheMendOutlivesUninstall() throws IOException {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("pre-journal")) {
            // as the fail2ban package ships it; its log, /var/log/auth.log here, does not exist
            Path authLog = f2b.dir().resolve("auth.log");
            Files.writeString(f2b.config().resolve("jail.d/defaults-debian.conf"), "[sshd]\nenabled = true\n");
            Files.writeString(f2b.config().resolve("paths-overrides.local"), "[DEFAULT]\nsshd_log = " + authLog + "\n");
            // fail2ban does not start like this: the installer finds it stopped, as on a fresh Debian 12
            InstallRequest r = InstallerFixture.request(f2b, false, f2b.dir().resolve("cron"));
            Map<String, String> before = InstallerFixture.snapshot(f2b.config());
            FaultyCommands journalOnly = new FaultyCommands();

            InstallFailedException refused = assertThrows(InstallFailedException.class,
                    () -> InstallerFixture.installer(journalOnly).install(r));
            assertEquals("fail2ban cannot start as it is configured, so nothing was changed: its sshd jail finds no log "
                    + "file (this system logs only to the systemd journal); saslfail can put it on backend = systemd "
                    + "in jail.d/ after its backup: run again with --fix-journal-jails", refused.getMessage());
            assertEquals(before, InstallerFixture.snapshot(f2b.config()));
            assertFalse(Files.exists(r.backupDir()));

            // systemd starts the fail2ban that was down, once the mend is in
            journalOnly.faults.add(c -> {
                if (c.equals(List.of("systemctl", "restart", "fail2ban.service"))) {
                    f2b.start();
                    return new Processes.Run(0, "");
                }
                return null;
            });
            StringWriter out = new StringWriter();
            new Installer(org.saslfail.fail2ban.logs.LogLocator.forThisMachine(), Clock.systemUTC(), new PrintWriter(out),
                    journalOnly).install(r.withFixJournalJails(true));
            Path mend = f2b.config().resolve("jail.d/sshd-journal.local");
            assertTrue(Files.readString(mend).endsWith("[sshd]\nbackend = systemd\n"), Files.readString(mend));
            assertTrue(out.toString().contains("put fail2ban's sshd jail on the systemd journal: jail.d/sshd-journal.local"),
                    out.toString());
            assertTrue(out.toString().contains("started fail2ban (it was not running)"), out.toString());
            try (Fail2banClient client = new Fail2banClient(f2b.socket())) {
                List<String> jails = client.jails().stream().map(JailName::value).toList();
                assertTrue(jails.contains("sshd") && jails.contains("saslfail-postfix"), jails.toString());
            }

            new Uninstaller(Clock.systemUTC(), new PrintWriter(new StringWriter()), settings -> java.util.Optional.empty())
                    .uninstall(f2b.config(), r.saslfailConfig(), r.backupDir(), r.systemdUnitDir(), false, true);
            Map<String, String> expected = new TreeMap<>(before);
            expected.put("jail.d/sshd-journal.local", InstallerFixture.snapshot(f2b.config()).get("jail.d/sshd-journal.local"));
            assertEquals(expected, InstallerFixture.snapshot(f2b.config()),
                    "everything as it was, and the mend kept so that fail2ban still starts");
        }
    }
}
