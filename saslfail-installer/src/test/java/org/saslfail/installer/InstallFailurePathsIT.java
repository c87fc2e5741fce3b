package org.saslfail.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.logs.LogLocator;
import org.saslfail.fail2ban.testing.Fail2banServer;

/**
 * The installer's failure paths with one step made to fail on purpose (issue 11 item 5), on a
 * real fail2ban and a copy of the system's configuration. systemctl is never run for real here:
 * the injected {@link Commands} answers for it and records the calls.
 */
class InstallFailurePathsIT {

    /** Real programs, except systemctl (recorded) and the steps a test makes fail. */
    private static final class Faults implements Commands {
        final List<List<String>> calls = new ArrayList<>();
        final List<Function<List<String>, Processes.Run>> faults = new ArrayList<>();

        @Override
        public Processes.Run run(List<String> command) {
            calls.add(command);
            for (Function<List<String>, Processes.Run> f : faults) {
                Processes.Run r = f.apply(command);
                if (r != null) {
                    return r;
                }
            }
            if (command.get(0).equals("systemctl")) {
                // is-enabled / is-active: not yet; everything else succeeds
                return new Processes.Run(command.get(1).startsWith("is-") ? 1 : 0, "");
            }
            return Processes.run(command);
        }

        @Override
        public boolean systemdRunning() {
            return true;
        }

        void failing(String program, String argument, int code, String output) {
            faults.add(c -> c.get(0).equals(program) && c.contains(argument) ? new Processes.Run(code, output) : null);
        }

        List<List<String>> systemctl() {
            return calls.stream().filter(c -> c.get(0).equals("systemctl")).toList();
        }
    }

    private static InstallRequest request(Fail2banServer f2b, boolean upgrade, Path cron) {
        Path d = f2b.dir();
        Path log = d.resolve("mail.log");
        try {
            if (!Files.exists(log)) {
                Files.writeString(log, "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InstallRequest(f2b.config(), d.resolve("etc-saslfail/saslfail.conf"), d.resolve("backups"),
                Map.of("log.postfix", log.toString(), "log.dovecot", log.toString(),
                        "fail2ban.socket", f2b.socket().toString(), "fail2ban.db", f2b.db().toString(),
                        "database", d.resolve("saslfail.db").toString(), "notify.mode", "none"),
                Map.of("table", "f2b-fault"), true, d.resolve("systemd"),
                new InstallRequest.LegacyProbe(List.of(d.resolve("no-ban-tracker.sh")), d.resolve("no-bans.db"),
                        List.of(cron)), upgrade);
    }

    private static Installer installer(Faults faults) {
        return new Installer(LogLocator.forThisMachine(), Clock.systemUTC(), new PrintWriter(new StringWriter()), faults);
    }

    /** Every path under the directory with its mode and content. */
    private static Map<String, String> snapshot(Path root) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                m.put(root.relativize(p).toString(), mode + " " + (Files.isDirectory(p) ? "dir"
                        : Files.isSymbolicLink(p) ? Files.readSymbolicLink(p) : Files.readString(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    @Test
    void theUnitIsStartedOnlyOnceFail2banRunsTheNewJails() {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("unit")) {
            f2b.start();
            Faults faults = new Faults();
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
            installer(faults).install(request(f2b, false, f2b.dir().resolve("cron")));

            assertEquals(1, jailsAtStart.size(), faults.systemctl().toString());
            assertTrue(jailsAtStart.get(0).containsAll(List.of("saslfail-postfix", "saslfail-dovecot", "saslfail-strike2")),
                    "fail2ban ran these jails when the daemon was started: " + jailsAtStart);
            assertTrue(faults.systemctl().contains(List.of("systemctl", "enable", "saslfail.service")), faults.systemctl().toString());
        }
    }

    @Test
    void aConfigurationFail2banRejectsNeverStartsTheUnit() {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("rejected")) {
            Map<String, String> before = snapshot(f2b.config());
            Faults faults = new Faults();
            faults.failing("fail2ban-client", "-t", 255, "ERROR  injected: the configuration is invalid");

            InstallFailedException e = assertThrows(InstallFailedException.class,
                    () -> installer(faults).install(request(f2b, false, f2b.dir().resolve("cron"))));

            assertTrue(e.getMessage().startsWith("fail2ban-client -t rejected the configuration: injected"), e.getMessage());
            assertEquals(List.of(), faults.systemctl(), "the unit was never touched");
            assertEquals(before, snapshot(f2b.config()));
        }
    }

    @Test
    void aFailingExtractionLeavesTheDirectoryWholeAndReportsBothErrors() {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("extract")) {
            Map<String, String> before = snapshot(f2b.config());
            Faults faults = new Faults();
            faults.failing("fail2ban-client", "-t", 255, "ERROR  injected: the configuration is invalid");
            faults.failing("tar", "-xpf", 2, "tar: injected: Unexpected EOF in archive");

            InstallFailedException e = assertThrows(InstallFailedException.class,
                    () -> installer(faults).install(request(f2b, false, f2b.dir().resolve("cron"))));

            assertTrue(e.getMessage().startsWith("fail2ban-client -t rejected the configuration: injected"), e.getMessage());
            assertTrue(e.getMessage().contains("restoring " + f2b.config() + " from ")
                    && e.getMessage().contains("failed too: tar") && e.getMessage().contains("Unexpected EOF"), e.getMessage());
            assertFalse(e.getMessage().contains("exactly as it was"), e.getMessage());
            Map<String, String> after = snapshot(f2b.config());
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
            InstallRequest r = request(f2b, true, cron);
            String conf = "# the administrator's\nnotify.mode = daily\n";
            Files.createDirectories(r.saslfailConfig().getParent());
            Files.writeString(r.saslfailConfig(), conf);
            Faults faults = new Faults();
            faults.failing("fail2ban-client", "-t", 255, "ERROR  injected: the configuration is invalid");
            faults.failing("tar", "-xpf", 2, "tar: injected: Unexpected EOF in archive");

            InstallFailedException e = assertThrows(InstallFailedException.class, () -> installer(faults).install(r));

            assertTrue(e.getMessage().startsWith("fail2ban-client -t rejected the configuration: injected")
                    && e.getMessage().contains("failed too: tar"), e.getMessage());
            assertEquals(conf, Files.readString(r.saslfailConfig()), "saslfail.conf restored all the same");
            assertEquals(crontab, Files.readString(cron.resolve("root")), "the cron lines restored all the same");
            assertEquals(1, e.getSuppressed().length, "the restore's own failure is kept with the first");
        }
    }
}
