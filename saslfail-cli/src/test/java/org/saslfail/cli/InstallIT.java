package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banClient;

/** saslfail install / uninstall against a real fail2ban server on a copy of the system's configuration. */
class InstallIT {

    private static Cli saslfail(List<String> base, String... more) {
        List<String> all = new ArrayList<>();
        all.addAll(List.of(more));
        all.addAll(base);
        return Cli.run(all.toArray(String[]::new));
    }

    private static List<String> jails(Fail2banSandbox box) {
        try (Fail2banClient c = new Fail2banClient(box.server.socket())) {
            return c.jails().stream().map(JailName::value).toList();
        }
    }

    @Test
    void nonInteractiveInstallActivatesTheJailsLeavesTheOthersAndUninstallRestoresEveryByte() throws IOException {
        try (Fail2banSandbox box = new Fail2banSandbox("a")) {
            box.server.start();
            Map<String, String> before = box.snapshot();
            String jailLocal = Files.readString(box.conf().resolve("jail.local"));

            Cli install = saslfail(box.installFlags(), "install", "--yes", "--notify", "daily", "--email", "admin@example.org");
            assertEquals(0, install.code(), install.toString());
            assertTrue(jails(box).containsAll(List.of("saslfail-postfix", "saslfail-dovecot", "saslfail-strike2",
                    "saslfail-strike3", "ins-other")), jails(box).toString());
            assertEquals(jailLocal, Files.readString(box.conf().resolve("jail.local")));
            Map<String, String> after = box.snapshot();
            for (String untouched : List.of("jail.local", "jail.d/ins-other.conf", "jail.conf", "fail2ban.local")) {
                assertEquals(before.get(untouched), after.get(untouched), untouched);
            }
            String conf = Files.readString(box.saslfailConf());
            assertTrue(conf.contains("notify.to = admin@example.org"), conf);
            assertTrue(conf.contains("notify.mode = daily"), conf);
            // Enter/absent --ignore inherits fail2ban's [DEFAULT] ignoreip
            assertTrue(conf.contains("ignore = 127.0.0.0/8 ::1 192.0.2.0/24"), conf);
            assertTrue(install.out().contains("systemd is not running"), install.out());
            try (var tars = Files.list(box.backups())) {
                assertTrue(tars.anyMatch(p -> p.getFileName().toString().matches("fail2ban-\\d{8}-\\d{6}\\.tar")));
            }

            Cli again = saslfail(box.installFlags(), "install", "--yes");
            assertEquals(0, again.code(), again.toString());
            assertTrue(Files.readString(box.saslfailConf()).contains("notify.to = admin@example.org"),
                    "a second run keeps the first run's answers");

            Map<String, String> installed = box.snapshot();
            Cli unconfirmed = saslfail(box.where(), "uninstall");
            assertEquals(2, unconfirmed.code(), unconfirmed.toString());
            assertTrue(unconfirmed.err().contains("there is no terminal to ask on, so confirm with --yes"), unconfirmed.err());
            assertEquals(installed, box.snapshot(), "an unconfirmed uninstall changes nothing");
            Cli uninstall = saslfail(box.where(), "uninstall", "--yes");
            assertEquals(0, uninstall.code(), uninstall.toString());
            assertEquals(before, box.snapshot(), "uninstall puts back every byte and mode");
            assertFalse(Files.exists(box.saslfailConf()));
            assertTrue(Files.exists(box.database()) || !install.out().contains(box.database().toString()));
            List<String> left = jails(box);
            assertTrue(left.contains("ins-other") && left.stream().noneMatch(j -> j.startsWith("saslfail-")), left.toString());
        }
    }

    @Test
    void uninstallAfterTheAdministratorChangedFail2banRemovesOnlySaslfailsFiles() throws IOException {
        try (Fail2banSandbox box = new Fail2banSandbox("u")) {
            box.server.start();
            Cli install = saslfail(box.installFlags(), "install", "--yes", "--services", "postfix");
            assertEquals(0, install.code(), install.toString());
            Files.writeString(box.conf().resolve("jail.d/added-later.conf"), "# the administrator's\n");
            Cli unconfirmed = saslfail(box.where(), "uninstall", "--purge");
            assertEquals(2, unconfirmed.code(), unconfirmed.toString());
            assertTrue(unconfirmed.err().contains("--purge erases the offense history"), unconfirmed.err());
            Cli uninstall = saslfail(box.where(), "uninstall", "--purge", "-y");
            assertEquals(0, uninstall.code(), uninstall.toString());
            assertTrue(uninstall.out().contains("only saslfail's files were removed"), uninstall.out());
            assertTrue(Files.exists(box.conf().resolve("jail.d/added-later.conf")));
            assertFalse(Files.exists(box.conf().resolve("jail.d/saslfail.conf")));
            try (var s = Files.list(box.conf().resolve("filter.d"))) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("saslfail-")));
            }
            assertTrue(jails(box).stream().noneMatch(j -> j.startsWith("saslfail-")), jails(box).toString());
        }
    }

    @Test
    void aFailingStepRestoresTheBackupByteForByte() throws IOException {
        try (Fail2banSandbox box = new Fail2banSandbox("b")) {
            // harmless until a jail uses the filter: then fail2ban-client -t rejects it
            Files.writeString(box.conf().resolve("filter.d/saslfail-dovecot.local"),
                    "[Definition]\nfailregex = ^x <HOST>\nthis line is not an option\n");
            box.server.start();
            Map<String, String> before = box.snapshot();

            Cli install = saslfail(box.installFlags(), "install", "--yes");
            assertEquals(1, install.code(), install.toString());
            assertTrue(install.err().contains("fail2ban-client -t") && install.err().contains("restored"), install.err());
            assertEquals(before, box.snapshot());
            assertFalse(Files.exists(box.saslfailConf()));
            assertTrue(jails(box).stream().noneMatch(j -> j.startsWith("saslfail-")));
        }
    }

    @Test
    void badInputIsRefusedWithExitTwoAndChangesNothing() throws IOException {
        try (Fail2banSandbox box = new Fail2banSandbox("c")) {
            Map<String, String> before = box.snapshot();
            Cli mode = saslfail(box.installFlags(), "install", "--yes", "--notify", "hourly");
            assertEquals(2, mode.code(), mode.toString());
            assertTrue(mode.err().contains("--notify") && mode.err().contains("hourly"), mode.err());
            Cli mail = saslfail(box.installFlags(), "install", "--yes", "--email", "root at example");
            assertEquals(2, mail.code(), mail.toString());
            assertTrue(mail.err().contains("--email: not an e-mail address"), mail.err());
            Cli cidr = saslfail(box.installFlags(), "install", "--yes", "--ignore", "192.0.2.0/24,10.1.2.300/8");
            assertEquals(2, cidr.code(), cidr.toString());
            assertTrue(cidr.err().contains("--ignore") && cidr.err().contains("10.1.2.300"), cidr.err());
            List<String> notF2b = new ArrayList<>(box.installFlags());
            notF2b.set(1, box.dir().toString());
            Cli dir = saslfail(notF2b, "install", "--yes");
            assertEquals(2, dir.code(), dir.toString());
            assertTrue(dir.err().contains("is not a fail2ban configuration directory"), dir.err());
            Cli noTerminal = saslfail(box.installFlags(), "install");
            assertEquals(2, noTerminal.code(), noTerminal.toString());

            assertEquals(before, box.snapshot());
            assertFalse(Files.exists(box.saslfailConf()));
            assertFalse(Files.exists(box.backups()), "no backup either: nothing was started");
        }
    }
}
