package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.saslfail.fail2ban.testing.Fail2banServer;

/**
 * A live saslfail for one test class: a private fail2ban whose saslfail jails come from
 * {@code saslfail fail2ban write-config} (nftables in a table of its own), a saslfail.conf
 * pointing at it, a store, and the daemon as a child process ({@code java -jar saslfail.jar daemon}).
 * Everything is removed in {@link #close()}.
 */
final class LiveSetup implements AutoCloseable {
    /** 10.0.0.0/8 minus 10.77.3.0/24, this helper's block. */
    static final String OTHER_TEN_NETS = "10.0.0.0/10 10.64.0.0/13 10.72.0.0/14 10.76.0.0/16 10.77.0.0/23 10.77.2.0/24 "
            + "10.77.4.0/22 10.77.8.0/21 10.77.16.0/20 10.77.32.0/19 10.77.64.0/18 10.77.128.0/17 10.78.0.0/15 "
            + "10.80.0.0/12 10.96.0.0/11 10.128.0.0/9";

    final Fail2banServer f2b;
    final Path conf;
    final Path store;
    final Path daemonLog;
    final String table;
    private Process daemon;

    private LiveSetup(Fail2banServer f2b, String table) {
        this.f2b = f2b;
        this.table = table;
        this.conf = f2b.dir().resolve("saslfail.conf");
        this.store = f2b.dir().resolve("saslfail.db");
        this.daemonLog = f2b.dir().resolve("daemon.log");
    }

    /** Needs root, fail2ban, nft and the built jar; skips otherwise. */
    static LiveSetup create(String name, String ladder) {
        return create(name, ladder, null);
    }

    /** @param postfixLog the log the strike-1 jail reads; null for a private empty file (no real traffic) */
    static LiveSetup create(String name, String ladder, Path postfixLog) {
        return create(name, ladder, postfixLog, java.util.Map.of());
    }

    /** @param overrides config values that replace this setup's own (e.g. ignore, subnet_threshold), or are added */
    static LiveSetup create(String name, String ladder, Path postfixLog, java.util.Map<String, String> overrides) {
        return create(name, ladder, postfixLog, overrides, null);
    }

    /** @param netns the network namespace fail2ban runs (and so bans) in; null for this process's */
    static LiveSetup create(String name, String ladder, Path postfixLog, java.util.Map<String, String> overrides,
            String netns) {
        assumeTrue(Files.isRegularFile(jar()), "needs the saslfail jar (mvn package) at " + jar());
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "needs nftables (nft)");
        Fail2banServer f2b = Fail2banServer.fromSystemConfig("dmn-" + name);
        // unique per run: another checkout may run these tests at the same time
        LiveSetup s = new LiveSetup(f2b, "f2b-dmn-" + name + "-" + ProcessHandle.current().pid());
        try {
            Files.writeString(f2b.dir().resolve("postfix.log"), "");
            Files.writeString(s.conf, String.join("\n",
                    "database = " + s.store,
                    "ladder = " + ladder,
                    "# this test's namespaces live in 10.77.3.0/24: 10.0.0.0/8 without it, so that",
                    "# the shared Postfix log never gets other tests' namespaces banned here",
                    "ignore = 127.0.0.0/8 ::1 " + OTHER_TEN_NETS + " fd00::/8",
                    "services = postfix",
                    "log.postfix = " + (postfixLog != null ? postfixLog : f2b.dir().resolve("postfix.log")),
                    "maxretry = 1",
                    "# older failures in a shared log (earlier runs) must not ban at fail2ban's start",
                    "findtime = 10s",
                    "subnet_threshold = 0",
                    "# no mail to root@localhost from tests (DaemonMailIT turns it on for its own mailbox)",
                    "notify.mode = none",
                    "fail2ban.socket = " + f2b.socket(),
                    "fail2ban.db = " + f2b.db(),
                    "fail2ban.config_dir = " + f2b.config(),
                    "fail2ban.backend = polling",
                    "fail2ban.banaction = nftables-multiport",
                    "fail2ban.banaction_params = table=" + s.table, ""));
            String text = Files.readString(s.conf);
            for (var o : overrides.entrySet()) {
                if (!java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(o.getKey()) + " = ").matcher(text).find()) {
                    text += o.getKey() + " = " + o.getValue() + "\n";
                    continue;
                }
                text = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(o.getKey()) + " = .*$",
                        java.util.regex.Matcher.quoteReplacement(o.getKey() + " = " + o.getValue()));
            }
            Files.writeString(s.conf, text);
            Cli r = Cli.run("fail2ban", "write-config", "--config", s.conf.toString());
            assertEquals(0, r.code(), r.toString());
            f2b.startIn(netns);
            return s;
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    static Path jar() {
        return Path.of(System.getProperty("saslfail.jar", "target/saslfail.jar"));
    }

    /** Runs a saslfail command in-process against this setup's configuration. */
    Cli cli(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--config");
        all.add(conf.toString());
        return Cli.run(all.toArray(String[]::new));
    }

    void startDaemon() {
        startDaemonIn(null);
    }

    /** Starts the daemon inside network namespace {@code netns} (null: this process's). */
    void startDaemonIn(String netns) {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.addAll(List.of("java", "-Xmx64m", "-jar", jar().toString(), "daemon", "--config", conf.toString()));
        try {
            daemon = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(daemonLog.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        waitUntil("the daemon is running", Duration.ofSeconds(30), () -> log().contains("saslfail daemon running (pid "
                + daemon.pid() + ")"));
    }

    boolean daemonAlive() {
        return daemon != null && daemon.isAlive();
    }

    /** SIGTERM, and the exit code. */
    int stopDaemon() {
        if (daemon == null) {
            return -1;
        }
        daemon.destroy();
        try {
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
            return daemon.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            daemon = null;
        }
    }

    /** SIGKILL: no shutdown hook runs. */
    void killDaemon() {
        daemon.destroyForcibly();
        try {
            daemon.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        daemon = null;
    }

    String log() {
        try {
            return Files.exists(daemonLog) ? Files.readString(daemonLog, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The addresses fail2ban holds in the jail now. */
    Set<String> banned(String jail) {
        String out = f2b.client("status", jail);
        for (String line : out.split("\n")) {
            int at = line.indexOf("Banned IP list:");
            if (at >= 0) {
                return new LinkedHashSet<>(Arrays.asList(line.substring(at + 15).trim().split("\\s+")))
                        .stream().filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
            }
        }
        throw new IllegalStateException("no ban list in: " + out);
    }

    /** The first column of the first row of a query on the store, as a long. */
    long sql(String query) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** Injects strike-1 bans as fail2ban's own client would, chunked like a wave. */
    void inject(String jail, List<String> ips, int chunk) {
        for (int i = 0; i < ips.size(); i += chunk) {
            List<String> cmd = new ArrayList<>(List.of("set", jail, "banip"));
            cmd.addAll(ips.subList(i, Math.min(ips.size(), i + chunk)));
            f2b.client(cmd.toArray(String[]::new));
        }
    }

    static void waitUntil(String what, Duration max, BooleanSupplier condition) {
        Fail2banServer.waitUntil(what, max, condition);
    }

    static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            if (daemon != null) {
                stopDaemon();
            }
        } finally {
            try {
                f2b.close();
            } finally {
                run("nft", "delete", "table", "inet", table);
            }
        }
    }
}
