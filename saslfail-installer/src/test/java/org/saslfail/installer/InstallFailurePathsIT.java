package org.saslfail.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.testing.Fail2banServer;

/**
 * The installer's failure paths with one step made to fail on purpose (issue 11 item 5), on a
 * real fail2ban and a copy of the system's configuration. systemctl is never run for real here:
 * the injected {@link Commands} answers for it and records the calls.
 */
class InstallFailurePathsIT {

    @Test
    void theUnitIsStartedOnlyOnceFail2banRunsTheNewJails() {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("unit")) {
            f2b.start();
            FaultyCommands faults = new FaultyCommands();
            List<List<String>> jailsAtStart = new ArrayList<>();
            faults.faults.add(c -> {
                if (c.equals(List.of("systemctl", "restart", "saslfail.service"))) {
                    try (Fail2banClient client = new Fail2banClient(f2b.socket())) {
                        jailsAtStart.add(client.jails().stream().map(JailName::value).toList());
                    }
                    return new Processes.Run(0, "");
                }
                return null;
            });
            InstallerFixture.installer(faults).install(InstallerFixture.request(f2b, false, f2b.dir().resolve("cron")));

            assertEquals(1, jailsAtStart.size(), faults.systemctl().toString());
            assertTrue(jailsAtStart.get(0).containsAll(List.of("saslfail-postfix", "saslfail-dovecot", "saslfail-strike2")),
                    "fail2ban ran these jails when the daemon was started: " + jailsAtStart);
            assertTrue(faults.systemctl().contains(List.of("systemctl", "enable", "saslfail.service")), faults.systemctl().toString());
        }
    }

    @Test
    void aConfigurationFail2banRejectsNeverStartsTheUnit() {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("rejected")) {
            Map<String, String> before = InstallerFixture.snapshot(f2b.config());
            FaultyCommands faults = new FaultyCommands();
            faults.rejectingSaslfailsFiles(f2b.config());

            InstallFailedException e = assertThrows(InstallFailedException.class,
                    () -> InstallerFixture.installer(faults).install(InstallerFixture.request(f2b, false, f2b.dir().resolve("cron"))));

            assertTrue(e.getMessage().startsWith("fail2ban-client -t rejected the configuration: injected"), e.getMessage());
            assertEquals(List.of(), faults.systemctl(), "the unit was never touched");
            assertEquals(before, InstallerFixture.snapshot(f2b.config()));
        }
    }

    @Test
    void aFailingExtractionLeavesTheDirectoryWholeAndReportsBothErrors() {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("extract")) {
            Map<String, String> before = InstallerFixture.snapshot(f2b.config());
            FaultyCommands faults = new FaultyCommands();
            faults.rejectingSaslfailsFiles(f2b.config());
            faults.failing("tar", "-xpf", 2, "tar: injected: Unexpected EOF in archive");

            InstallFailedException e = assertThrows(InstallFailedException.class,
                    () -> InstallerFixture.installer(faults).install(InstallerFixture.request(f2b, false, f2b.dir().resolve("cron"))));

            assertTrue(e.getMessage().startsWith("fail2ban-client -t rejected the configuration: injected"), e.getMessage());
            assertTrue(e.getMessage().contains("restoring " + f2b.config() + " from ")
                    && e.getMessage().contains("failed too: tar") && e.getMessage().contains("Unexpected EOF"), e.getMessage());
            assertFalse(e.getMessage().contains("exactly as it was"), e.getMessage());
            Map<String, String> after = InstallerFixture.snapshot(f2b.config());
            assertTrue(after.keySet().containsAll(before.keySet()),
                    "nothing of the directory was removed by the failed restore: " + after.keySet());
            try (Stream<Path> left = Files.list(f2b.config().getParent())) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".restore-")), "no extraction left behind");
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
    }

    @Test
    void aFailingDirectoryRestoreStillRestoresSaslfailConfAndTheCronFiles() throws IOException {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("partial")) {
            Path cron = f2b.dir().resolve("cron");
            Files.createDirectories(cron);
            Path script = f2b.dir().resolve("ban-tracker.sh");
            Files.writeString(script, "#!/bin/bash\n");
            String crontab = "# m h dom mon dow command\n5 * * * * " + script + " report\n";
            Files.writeString(cron.resolve("root"), crontab);
            InstallRequest r = InstallerFixture.request(f2b, true, cron);
            String conf = "# the administrator's\nnotify.mode = daily\n";
            Files.createDirectories(r.saslfailConfig().getParent());
            Files.writeString(r.saslfailConfig(), conf);
            FaultyCommands faults = new FaultyCommands();
            faults.rejectingSaslfailsFiles(f2b.config());
            faults.failing("tar", "-xpf", 2, "tar: injected: Unexpected EOF in archive");

            InstallFailedException e = assertThrows(InstallFailedException.class, () -> InstallerFixture.installer(faults).install(r));

            assertTrue(e.getMessage().startsWith("fail2ban-client -t rejected the configuration: injected")
                    && e.getMessage().contains("failed too: tar"), e.getMessage());
            assertEquals(conf, Files.readString(r.saslfailConfig()), "saslfail.conf restored all the same");
            assertEquals(crontab, Files.readString(cron.resolve("root")), "the cron lines restored all the same");
            assertEquals(1, e.getSuppressed().length, "the restore's own failure is kept with the first");
        }
    }
}
