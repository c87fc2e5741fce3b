package org.saslfail.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.saslfail.fail2ban.testing.Fail2banServer;

/**
 * An administrator's fail2ban for one test: a copy of /etc/fail2ban with a customised
 * jail.local and another jail, its own server (socket, pid, database under a temp dir), a mail
 * log, and the saslfail paths the installer is pointed at. Never the system instance.
 */
final class Fail2banSandbox implements AutoCloseable {
    static final String JAIL_LOCAL = """
            # the administrator's own settings
            [DEFAULT]
            ignoreip = 127.0.0.1/8 ::1 192.0.2.0/24
            bantime  = 2h

            [sshd]
            enabled = false
            """;

    final Fail2banServer server;
    final String table;

    Fail2banSandbox(String name) {
        server = Fail2banServer.fromSystemConfig("ins-" + name);
        table = "f2b-ins-" + name;
        try {
            Files.writeString(conf().resolve("jail.local"), JAIL_LOCAL);
            Files.setPosixFilePermissions(conf().resolve("jail.local"), PosixFilePermissions.fromString("rw-r-----"));
            Files.createDirectories(conf().resolve("jail.d"));
            Files.writeString(conf().resolve("jail.d/ins-other.conf"), "[ins-other]\nenabled = true\nfilter = postfix\n"
                    + "backend = polling\nlogpath = " + dir().resolve("other.log") + "\naction = dummy[target="
                    + dir().resolve("other.dummy") + "]\n");
            Files.writeString(dir().resolve("other.log"), "");
            Files.writeString(mailLog(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return server.dir();
    }

    Path conf() {
        return server.config();
    }

    Path mailLog() {
        return dir().resolve("mail.log");
    }

    Path saslfailConf() {
        return dir().resolve("etc-saslfail/saslfail.conf");
    }

    Path backups() {
        return dir().resolve("backups");
    }

    Path database() {
        return dir().resolve("saslfail.db");
    }

    /** The options that point a command at this sandbox instead of the system. */
    List<String> where() {
        return List.of("--config-dir", conf().toString(), "--config", saslfailConf().toString(),
                "--backup-dir", backups().toString(), "--socket", server.socket().toString(),
                "--fail2ban-db", server.db().toString(), "--db", database().toString());
    }

    List<String> installFlags() {
        List<String> a = new ArrayList<>(where());
        a.addAll(List.of("--log-postfix", mailLog().toString(), "--log-dovecot", mailLog().toString(),
                "--banaction-option", "table=" + table));
        return a;
    }

    /** Every file and directory under the config dir: its mode, and its content's SHA-256. */
    Map<String, String> snapshot() {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(conf())) {
            for (Path p : s.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                String what = Files.isDirectory(p) ? "dir" : sha(Files.readAllBytes(p));
                m.put(conf().relativize(p).toString(), mode + " " + what);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            // the nftables action creates the table on the first ban
            try {
                new ProcessBuilder("nft", "delete", "table", "inet", table).redirectErrorStream(true).start().waitFor();
            } catch (IOException e) {
                // nft missing: nothing was created
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
