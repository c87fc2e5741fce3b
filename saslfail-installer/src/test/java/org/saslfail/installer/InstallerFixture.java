package org.saslfail.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.saslfail.fail2ban.logs.LogLocator;
import org.saslfail.fail2ban.testing.Fail2banServer;

/** An install request and installer pointed at a private fail2ban server, and snapshots of its directory. */
final class InstallerFixture {
    private InstallerFixture() {
    }

    static InstallRequest request(Fail2banServer f2b, boolean upgrade, Path cron) {
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
                        List.of(cron)), upgrade, false);
    }

    static Installer installer(FaultyCommands faults) {
        return new Installer(LogLocator.forThisMachine(), Clock.systemUTC(), new PrintWriter(new StringWriter()), faults);
    }

    /** Every path under the directory with its mode and content. */
    static Map<String, String> snapshot(Path root) {
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
}
