package org.saslfail.fail2ban.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private fail2ban server for one test class: its own config dir, socket, pid file, log and
 * database under a temp dir, never the system instance. Jails come from the caller's jail
 * text; {@code @DIR@} in it is replaced by the temp dir. Skips (JUnit assumption) when not
 * root or when fail2ban is not installed.
 */
public final class Fail2banServer implements AutoCloseable {
    private final Path dir;
    private final Path config;

    private Fail2banServer(Path dir) {
        this.dir = dir;
        this.config = dir.resolve("conf");
    }

    /** Skips the calling test unless fail2ban can be run here. */
    public static void assumeAvailable() {
        assumeTrue(isRoot(), "needs root to run fail2ban");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fail2ban-server")), "needs fail2ban installed");
        assumeTrue(Files.isDirectory(Path.of("/etc/fail2ban/action.d")), "needs /etc/fail2ban/action.d");
    }

    /** Whether this process runs as uid 0. */
    public static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Prepares a config dir with the given jail definitions (not started yet). */
    public static Fail2banServer create(String prefix, String jails) {
        assumeAvailable();
        try {
            Path dir = Files.createTempDirectory("f2b-" + prefix + "-");
            Fail2banServer s = new Fail2banServer(dir);
            Files.createDirectories(s.config.resolve("action.d"));
            Files.createDirectories(s.config.resolve("filter.d"));
            Files.createDirectories(s.config.resolve("jail.d"));
            for (String action : List.of("dummy.conf", "nftables.conf", "nftables-multiport.conf",
                    "nftables-allports.conf")) {
                Files.copy(Path.of("/etc/fail2ban/action.d", action), s.config.resolve("action.d").resolve(action));
            }
            Files.writeString(s.config.resolve("filter.d/test-never.conf"),
                    "[Definition]\nfailregex = ^NEVER-MATCHES-TEST <HOST>$\nignoreregex =\n");
            Files.writeString(s.config.resolve("fail2ban.conf"), String.join("\n",
                    "[Definition]", "loglevel = INFO", "logtarget = " + s.log(), "syslogsocket = auto",
                    "socket = " + s.socket(), "pidfile = " + s.pidFile(), "dbfile = " + s.db(),
                    "dbpurgeage = 1d", "dbmaxmatches = 10", "allowipv6 = auto", "", "[Thread]", ""));
            Files.writeString(s.config.resolve("jail.conf"), "[DEFAULT]\n" + jails.replace("@DIR@", dir.toString()));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of the system's {@code /etc/fail2ban} without its jails ({@code jail.d/*},
     * {@code jail.local}), as an administrator's config dir looks before saslfail writes into
     * it; {@code fail2ban.local} points socket, pid, log and database into the temp dir.
     */
    public static Fail2banServer fromSystemConfig(String prefix) {
        assumeAvailable();
        try {
            Path dir = Files.createTempDirectory("f2b-" + prefix + "-");
            Fail2banServer s = new Fail2banServer(dir);
            Path etc = Path.of("/etc/fail2ban");
            try (Stream<Path> files = Files.walk(etc)) {
                for (Path p : files.toList()) {
                    Path rel = etc.relativize(p);
                    Path to = s.config.resolve(rel.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (!rel.startsWith("jail.d") && !rel.toString().equals("jail.local")
                            && !rel.startsWith("fail2ban.d")) {
                        Files.copy(p, to);
                    }
                }
            }
            Files.writeString(s.config.resolve("fail2ban.local"), String.join("\n",
                    "[Definition]", "logtarget = " + s.log(), "socket = " + s.socket(), "pidfile = " + s.pidFile(),
                    "dbfile = " + s.db(), ""));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jail on the never-matching test filter with the dummy action writing into the temp dir. */
    public static String dummyJail(String name, String bantime) {
        return "[" + name + "]\nenabled = true\nfilter = test-never\nlogpath = /dev/null\nbackend = polling\n"
                + "bantime = " + bantime + "\naction = dummy[target=@DIR@/" + name + ".dummy]\n\n";
    }

    /** Creates and starts a server in one go. */
    public static Fail2banServer start(String prefix, String jails) {
        Fail2banServer s = create(prefix, jails);
        s.start();
        return s;
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return config;
    }

    public Path socket() {
        return dir.resolve("f2b.sock");
    }

    public Path db() {
        return dir.resolve("f2b.sqlite3");
    }

    public Path log() {
        return dir.resolve("f2b.log");
    }

    Path pidFile() {
        return dir.resolve("f2b.pid");
    }

    /** Starts the server; a no-op when it is already running. */
    public void start() {
        startIn(null);
    }

    /**
     * Starts the server inside network namespace {@code netns} (null: this process's), so that its
     * actions (nftables) act there; the socket stays a file, reachable from anywhere.
     */
    public void startIn(String netns) {
        if (Files.exists(pidFile()) && Files.exists(socket())) {
            return;
        }
        String out = netns == null ? client("start") : run(List.of("ip", "netns", "exec", netns), "start");
        if (!Files.exists(socket())) {
            throw new IllegalStateException("fail2ban did not start: " + out + "\n" + tail());
        }
    }

    /** Stops the server and waits for its process to end; a no-op when it is not running. */
    public void stop() {
        if (!Files.exists(socket())) {
            return;
        }
        client("stop");
        for (int i = 0; i < 100 && Files.exists(pidFile()); i++) {
            sleep(100);
        }
    }

    public void restart() {
        stop();
        start();
    }

    /** What {@code jail} holds, read with fail2ban's own client (so a test does not trust the client it tests). */
    public List<org.saslfail.core.model.IpPrefix> bannedIn(org.saslfail.core.model.JailName jail) {
        String out = client("get", jail.value(), "banip");
        return java.util.Arrays.stream(out.trim().split("\\s+")).filter(s -> !s.isEmpty())
                .map(org.saslfail.core.model.IpPrefix::parse).toList();
    }

    /** Runs {@code fail2ban-client -c CONF ARGS…} and returns its output; fails on a non-zero exit. */
    public String client(String... args) {
        return run(List.of(), args);
    }

    private String run(List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("fail2ban-client", "-c", config.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the server's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.exists(log()) ? Files.readAllLines(log()) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and deletes the temp dir. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** Polls {@code condition} every 100 ms; fails naming {@code what} after {@code max}. */
    public static void waitUntil(String what, java.time.Duration max, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
