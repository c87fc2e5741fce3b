package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/** saslfail blacklist in every format; the nft and ipset ones loaded twice into a real namespace. */
class BlacklistIT {
    private static final String NS = "sfbl1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    @TempDir static Path dir;
    static Path db;

    private static void offense(OffenseStore s, String offender, String ip, int strike, int day) {
        Instant at = T0.plus(Duration.ofDays(day));
        IpPrefix p = IpPrefix.parse(offender);
        JailName jail = JailName.of("saslfail-strike" + strike);
        s.record(new Outcome(new BanEvent(BanEvent.Kind.BAN, JailName.of("saslfail-postfix"), IpAddress.parse(ip), at),
                Outcome.Result.OFFENSE, p, Service.POSTFIX,
                new Offense(p, IpAddress.parse(ip), Service.POSTFIX, strike, jail, at, at.plus(Duration.ofDays(32)), null), "test"));
    }

    @BeforeAll
    static void store() {
        db = dir.resolve("bl.db");
        try (OffenseStore s = OffenseStores.open(db.toString())) {
            offense(s, "203.0.113.9", "203.0.113.9", 3, 0);
            offense(s, "203.0.113.9", "203.0.113.9", 3, 40);
            offense(s, "2001:db8:5::/64", "2001:db8:5::1", 3, 0);
            offense(s, "2001:db8:5::/64", "2001:db8:5::2", 3, 50);
            offense(s, "198.51.100.0/24", "198.51.100.7", 3, 10);
            offense(s, "198.51.100.0/24", "198.51.100.8", 3, 60);
            offense(s, "198.51.100.7", "198.51.100.7", 3, 11);   // covered by the /24: left out
            offense(s, "198.51.100.7", "198.51.100.7", 3, 70);
            offense(s, "192.0.2.1", "192.0.2.1", 3, 5);          // once only: below the threshold
            offense(s, "203.0.113.22", "203.0.113.22", 2, 5);  // not 192.0.2.2: the build machines own that address, and blacklist never lists an own address
            offense(s, "203.0.113.22", "203.0.113.22", 2, 50);          // strike 2 only
        }
    }

    @AfterAll
    static void dropNamespace() throws Exception {
        if (Files.exists(Path.of("/run/netns", NS))) {
            run("ip", "netns", "del", NS);
        }
    }

    private static Cli saslfail(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void plainCsvMarkdownAndJsonListTheRepeatStrikeThreeOffenders() {
        Cli plain = saslfail("blacklist");
        assertEquals(0, plain.code(), plain.toString());
        assertEquals(List.of("198.51.100.0/24", "203.0.113.9", "2001:db8:5::/64"), plain.out().lines().toList());
        Cli csv = saslfail("blacklist", "--format", "csv");
        assertTrue(csv.out().startsWith("offender,offenses,max_strike,first_at,last_at\n"), csv.out());
        assertTrue(csv.out().contains("\n203.0.113.9/32,2,3,2026-01-01T00:00:00Z,2026-02-10T00:00:00Z\n"), csv.out());
        Cli md = saslfail("blacklist", "--format", "md");
        assertTrue(md.out().contains("| 2001:db8:5::/64 | 2 | 3 |"), md.out());
        Cli json = saslfail("blacklist", "--format", "json", "--min-strike", "2");
        assertTrue(json.out().contains("\"offender\": \"203.0.113.22/32\""), json.out());
        Cli since = saslfail("blacklist", "--since", "2026-01-07T00:00:00Z", "--threshold", "1");
        assertFalse(since.out().contains("192.0.2.1"), since.out());
        assertTrue(since.out().contains("203.0.113.9"), since.out());
    }

    @Test
    void outWritesTheFileAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path out = dir.resolve("list.txt");
        Files.writeString(out, "old list\n");
        Cli r = saslfail("blacklist", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("198.51.100.0/24\n203.0.113.9\n2001:db8:5::/64\n", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void nftOutputLoadsTwiceIntoARealTableInANamespace() throws Exception {
        Assumptions.assumeTrue(root(), "needs root for a network namespace");
        Path file = dir.resolve("bl.nft");
        assertEquals(0, saslfail("blacklist", "--format", "nft", "--out", file.toString()).code());
        run("ip", "netns", "add", NS);
        try {
            run("ip", "netns", "exec", NS, "nft", "-f", file.toString());
            run("ip", "netns", "exec", NS, "nft", "-f", file.toString());
            String v4 = run("ip", "netns", "exec", NS, "nft", "list", "set", "inet", "saslfail_blacklist", "saslfail_blacklist_v4");
            assertTrue(v4.contains("198.51.100.0/24") && v4.contains("203.0.113.9"), v4);
            String v6 = run("ip", "netns", "exec", NS, "nft", "list", "set", "inet", "saslfail_blacklist", "saslfail_blacklist_v6");
            assertTrue(v6.contains("2001:db8:5::/64"), v6);
            // the rules the file's comment offers load as they are, after it, and drop with its sets
            Path rules = dir.resolve("drop.nft");
            Files.write(rules, Files.readAllLines(file).stream().filter(l -> l.startsWith("#   add "))
                    .map(l -> l.substring("#   ".length())).toList());
            run("ip", "netns", "exec", NS, "nft", "-f", rules.toString());
            String chain = run("ip", "netns", "exec", NS, "nft", "list", "chain", "inet", "saslfail_blacklist", "input");
            assertTrue(chain.contains("ip saddr @saslfail_blacklist_v4 drop") && chain.contains("ip6 saddr @saslfail_blacklist_v6 drop"),
                    chain);
        } finally {
            run("ip", "netns", "del", NS);
        }
    }

    @Test
    void ipsetOutputRestoresTwiceIntoARealIpsetInANamespace() throws Exception {
        Assumptions.assumeTrue(root(), "needs root for a network namespace");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ipset")) || Files.isExecutable(Path.of("/sbin/ipset")), "ipset not installed");
        Path file = dir.resolve("bl.ipset");
        assertEquals(0, saslfail("blacklist", "--format", "ipset", "--out", file.toString()).code());
        run("ip", "netns", "add", NS);
        try {
            for (int i = 0; i < 2; i++) {
                run("ip", "netns", "exec", NS, "sh", "-c", "ipset restore < \"$1\"", "sh", file.toString());
            }
            String v4 = run("ip", "netns", "exec", NS, "ipset", "list", "saslfail_blacklist_v4");
            assertTrue(v4.contains("198.51.100.0/24") && v4.contains("203.0.113.9"), v4);
            assertTrue(run("ip", "netns", "exec", NS, "ipset", "list", "saslfail_blacklist_v6").contains("2001:db8:5::/64"));
        } finally {
            run("ip", "netns", "exec", NS, "ipset", "destroy");
            run("ip", "netns", "del", NS);
        }
    }

    @Test
    void badArgumentsExitTwoWithAClearMessage() {
        Cli threshold = saslfail("blacklist", "--threshold", "0");
        assertEquals(2, threshold.code());
        assertTrue(threshold.err().contains("--threshold must be at least 1"), threshold.err());
        Cli format = saslfail("blacklist", "--format", "xml");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown format 'xml'"), format.err());
        Cli date = saslfail("blacklist", "--since", "the day before yesterday");
        assertEquals(2, date.code());
        assertTrue(date.err().contains("--since: cannot read time"), date.err());
        assertEquals(2, saslfail("blacklist", "--threshold", "two").code());
    }
}
