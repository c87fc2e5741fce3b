package org.saslfail.fail2ban.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.intake.Fail2banDbIntake;
import org.saslfail.fail2ban.testing.Fail2banServer;
import org.saslfail.fail2ban.testing.MemoryWatermarkStore;

/** The generated configuration in a copy of the system's /etc/fail2ban, checked and run by real fail2ban. */
class JailConfigIT {

    @Test
    void fail2banTestModeAcceptsTheDefaultsAndAPermanentLadder() throws Exception {
        for (Settings settings : List.of(Settings.defaults(),
                Settings.defaults().with("ladder", "4s, 8s, 16s, 32s").with("permanent_after", "5")
                        .with("services", "postfix").with("fail2ban.banaction", "nftables-allports"))) {
            try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("cfg")) {
                Path postfixLog = Files.createFile(f2b.dir().resolve("postfix.log"));
                Path dovecotLog = Files.createFile(f2b.dir().resolve("dovecot.log"));
                new JailConfigWriter(settings).write(f2b.config(), Map.of(Service.POSTFIX, LogSource.file(postfixLog),
                        Service.DOVECOT, LogSource.file(dovecotLog)));
                String out = run("fail2ban-client", "-c", f2b.config().toString(), "-t");
                assertTrue(out.contains("OK: configuration test is successful"), out);
            }
        }
    }

    @Test
    void generatedJailsRunWithTheirBanTimesAndBanNetworksInNftables() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "needs nft");
        String table = "f2b-cfg-" + ProcessHandle.current().pid();
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("run")) {
            try {
                Path postfixLog = Files.createFile(f2b.dir().resolve("postfix.log"));
                Settings settings = Settings.defaults().with("services", "postfix").with("ladder", "4s, 8s, 16s")
                        .with("permanent_after", "4");
                JailConfigWriter writer = new JailConfigWriter(settings).withBanactionOptions(Map.of("table", table));
                writer.write(f2b.config(), Map.of(Service.POSTFIX, LogSource.file(postfixLog)));
                f2b.start();
                try (Fail2banClient client = new Fail2banClient(f2b.socket())) {
                    for (JailSpec jail : writer.jails()) {
                        assertEquals(jail.bantime(), client.banTimeSeconds(jail.name()), jail.name().value());
                    }
                    JailName strike2 = JailName.of("saslfail-strike2");
                    List<IpPrefix> targets = List.of(IpPrefix.parse("192.0.2.31"), IpPrefix.parse("198.51.100.0/24"),
                            IpPrefix.parse("2001:db8:31::/64"));
                    assertEquals(3, client.ban(strike2, targets));
                    String v4 = waitForSet(table, "addr-set-saslfail-strike2", "198.51.100.0/24");
                    assertTrue(v4.contains("192.0.2.31"), v4);
                    waitForSet(table, "addr6-set-saslfail-strike2", "2001:db8:31::/64");
                    client.unban(strike2, List.of(IpPrefix.parse("192.0.2.31")));
                    assertTrue(!waitForSet(table, "addr-set-saslfail-strike2", "198.51.100.0/24").contains("192.0.2.31"));
                }
            } finally {
                f2b.stop();
                run("sh", "-c", "nft delete table inet " + table + " 2>/dev/null; true");
            }
        }
    }

    @Test
    void strikeOneJailBansOnItsFirstLogLineAndTheIntakeHandsTheBanOn() throws Exception {
        try (Fail2banServer f2b = Fail2banServer.fromSystemConfig("log")) {
            Path postfixLog = Files.createFile(f2b.dir().resolve("postfix.log"));
            Settings settings = Settings.defaults().with("services", "postfix").with("ignore", "127.0.0.0/8")
                    .with("fail2ban.banaction", "dummy");
            new JailConfigWriter(settings).withBanactionOptions(Map.of("target", f2b.dir().resolve("dummy").toString()))
                    .write(f2b.config(), Map.of(Service.POSTFIX, LogSource.file(postfixLog)));
            f2b.start();
            BlockingQueue<BanEvent> events =
                    new LinkedBlockingQueue<>();
            try (Fail2banDbIntake intake = new Fail2banDbIntake(
                    f2b.db(), Set.of(JailName.of("saslfail-postfix")),
                    new MemoryWatermarkStore(), events::add, Clock.systemUTC(),
                    Duration.ofMillis(500))) {
                intake.start();
                String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                        "MMM d HH:mm:ss", java.util.Locale.ROOT));
                // a line as Postfix writes it, read by the real saslfail-postfix filter
                Files.writeString(postfixLog, now + " mx postfix/submission/smtpd[4242]: warning: unknown[192.0.2.50]:"
                        + " SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=alice\n",
                        StandardOpenOption.APPEND);
                BanEvent event = events.poll(20, TimeUnit.SECONDS);
                assertTrue(event != null, () -> "no ban from the log line:\n" + f2b.tail());
                assertEquals("saslfail-postfix", event.jail().value());
                assertEquals("192.0.2.50", event.ip().toString());
            }
        }
    }

    /** Polls until the set lists {@code element} (fail2ban runs actions asynchronously); returns the listing. */
    private static String waitForSet(String table, String set, String element) throws Exception {
        String listing = "";
        for (int i = 0; i < 50; i++) {
            listing = run("sh", "-c", "nft list set inet " + table + " " + set + " 2>&1; true");
            if (listing.contains(element)) {
                return listing;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(element + " never appeared in " + set + ":\n" + listing);
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ":\n" + out);
        return out;
    }
}
