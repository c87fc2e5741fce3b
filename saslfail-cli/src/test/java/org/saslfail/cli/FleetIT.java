package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * Issue 13: three fleet nodes on one real PostgreSQL 15, each a daemon process with its own
 * fail2ban server (private config dir, socket and nftables table). Bans are injected with
 * fail2ban's own client for TEST-NET addresses that are never contacted. A decision on one node
 * must appear in the others' fail2ban (in a saslfail jail), a lift must travel, a node killed with
 * -9 must catch up when it starts again, and nothing is counted twice.
 */
class FleetIT {
    private static final Path POSTGRES = Path.of("../testbed/postgres.sh").toAbsolutePath().normalize();
    private static final Duration TRAVEL = Duration.ofSeconds(10);
    private static String database;
    private static String url;
    private static final List<LiveSetup> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")), "needs PostgreSQL (testbed/install-packages.sh)");
        assumeTrue(Files.isRegularFile(LiveSetup.jar()), "needs the saslfail jar (mvn package)");
        database = "saslfail_fleet_" + ProcessHandle.current().pid();
        url = postgres("up", database);
        for (int n = 1; n <= 3; n++) {
            nodes.add(LiveSetup.create("fl" + n, "1h, 2h, 4h", null,
                    Map.of("database", url, "fleet.node", "mx" + n)));
        }
        nodes.forEach(LiveSetup::startDaemon);
    }

    @AfterAll
    static void stop() throws Exception {
        for (LiveSetup s : nodes) {
            s.close();
        }
        if (database != null) {
            postgres("drop", database);
        }
    }

    /** testbed/postgres.sh CMD NAME; the last line of its output (for "up": the database's JDBC URL). */
    static String postgres(String cmd, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(POSTGRES.toString(), cmd, name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("postgres.sh " + cmd + " failed: " + out);
        }
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static long sql(String query) {
        return sql(url, query);
    }

    /** The first column of the first row of a query on the database at {@code url}, as a long. */
    static long sql(String url, String query) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    private static LiveSetup node(int n) {
        return nodes.get(n - 1);
    }

    private static String context() {
        StringBuilder sb = new StringBuilder();
        for (int n = 1; n <= nodes.size(); n++) {
            String log = node(n).log();
            sb.append("\n--- mx").append(n).append(" daemon log (tail)\n").append(log.substring(Math.max(0, log.length() - 2500)));
        }
        return sb.toString();
    }

    /** What the store and every node's log and fail2ban database say of these addresses: why one went missing. */
    private static String tracesOf(List<String> ips) {
        StringBuilder sb = new StringBuilder();
        for (String ip : ips) {
            sb.append("\n--- ").append(ip).append(": ").append(sql("SELECT count(*) FROM events WHERE ip = '" + ip + "'"))
                    .append(" events, ").append(sql("SELECT count(*) FROM offenses WHERE ip = '" + ip + "'")).append(" offenses, ")
                    .append(sql("SELECT count(*) FROM fleet_decisions WHERE offender = '" + ip + "'")).append(" decisions");
            strings("SELECT at_ms || ' ' || result || ' ' || coalesce(detail, '') FROM events WHERE ip = '" + ip + "' ORDER BY at_ms")
                    .forEach(e -> sb.append("\nevent: ").append(e));
            strings("SELECT at_ms || ' strike ' || strike || ' ' || jail || ' node ' || coalesce(node, '') || ' lifted '"
                    + " || coalesce(lifted_at_ms::text, '-') FROM offenses WHERE ip = '" + ip + "' ORDER BY at_ms")
                    .forEach(o -> sb.append("\noffense: ").append(o));
            strings("SELECT name || ' = ' || value FROM daemon_state WHERE name LIKE '%watermark%' ORDER BY name")
                    .forEach(w -> sb.append("\nstate: ").append(w));
            for (int n = 1; n <= nodes.size(); n++) {
                int node = n;
                sb.append("\nmx").append(n).append(" fail2ban database: ").append(fail2banRows(n, ip));
                node(n).log().lines().filter(l -> l.contains(ip + " ") || l.endsWith(ip))
                        .forEach(l -> sb.append("\nmx").append(node).append(" log: ").append(l));
                sb.append("\nmx").append(n).append(" fail2ban: ").append(bannedOn(n, ip));
            }
        }
        for (int n = 1; n <= nodes.size(); n++) {
            int node = n;
            List<String> trouble = node(n).log().lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList();
            trouble.subList(Math.max(0, trouble.size() - 20), trouble.size())
                    .forEach(l -> sb.append("\nmx").append(node).append(" trouble: ").append(l.substring(0, Math.min(400, l.length()))));
        }
        return sb.toString();
    }

    /** fail2ban's own answer to 'banned ADDRESS' on node n: the jails holding it. */
    private static String bannedOn(int n, String ip) {
        return node(n).f2b.client("banned", ip).strip();
    }

    private static void eventually(String what, java.util.function.BooleanSupplier condition) {
        try {
            LiveSetup.waitUntil(what, TRAVEL, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + context(), e);
        }
    }

    @Test
    void aStrikeOneBanOnOneNodeIsEnforcedOnTheOthersAndCountedOnce() {
        String ip = "198.18.50.1";
        node(1).inject("saslfail-postfix", List.of(ip), 1);
        eventually("mx2 and mx3 hold " + ip + " in saslfail-strike1",
                () -> node(2).banned("saslfail-strike1").contains(ip) && node(3).banned("saslfail-strike1").contains(ip));
        assertTrue(bannedOn(2, ip).contains("saslfail-strike1"), bannedOn(2, ip));
        assertTrue(bannedOn(3, ip).contains("saslfail-strike1"), bannedOn(3, ip));
        assertTrue(bannedOn(1, ip).contains("saslfail-postfix"), bannedOn(1, ip));
        // nothing echoes: one offense, one event, one decision; mx2 and mx3 never put it in their strike-1 jail
        assertEquals(1, sql("SELECT count(*) FROM offenses WHERE ip = '" + ip + "'"), context());
        assertEquals(1, sql("SELECT count(*) FROM events WHERE ip = '" + ip + "'"), context());
        assertEquals(1, sql("SELECT count(*) FROM fleet_decisions WHERE offender = '" + ip + "'"));
        assertEquals(1, sql("SELECT count(*) FROM offenses WHERE ip = '" + ip + "' AND node = 'mx1'"));
        assertTrue(!node(2).banned("saslfail-postfix").contains(ip) && !node(3).banned("saslfail-postfix").contains(ip));
    }

    @Test
    void fleetStatusShowsTheThreeNodesRunningAndCaughtUp() {
        node(1).inject("saslfail-postfix", List.of("198.18.54.1"), 1);
        eventually("every node has seen every decision and beaten its heart", () -> {
            Cli r = node(2).cli("fleet", "status", "--json");
            String out = r.out().replaceAll("\\s+", "");
            return r.code() == 0 && out.contains("\"node\":\"mx1\",\"daemon_running\":true")
                    && out.contains("\"node\":\"mx2\",\"daemon_running\":true")
                    && out.contains("\"node\":\"mx3\",\"daemon_running\":true")
                    && out.split("\"decisions_behind\":0,").length == 4;
        });
        Cli text = node(3).cli("fleet", "status");
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().lines().filter(l -> l.matches("mx[123] +running .*")).count() == 3, text.out());
        Cli status = node(1).cli("status", "--json");
        assertTrue(status.out().replaceAll("\\s+", "").contains("\"node\":\"mx1\""), "status says which node decided: " + status.out());
    }

    @Test
    void aHandEscalationTravelsAndItsLiftToo() {
        String ip = "198.18.50.2";
        Cli r = node(2).cli("ban", ip, "--strike", "2");
        assertEquals(0, r.code(), r + context());
        eventually("mx1 and mx3 hold " + ip + " in saslfail-strike2",
                () -> node(1).banned("saslfail-strike2").contains(ip) && node(3).banned("saslfail-strike2").contains(ip));
        r = node(2).cli("unban", ip);
        assertEquals(0, r.code(), r + context());
        eventually("the lift reached mx1 and mx3",
                () -> !node(1).banned("saslfail-strike2").contains(ip) && !node(3).banned("saslfail-strike2").contains(ip));
        assertEquals(1, sql("SELECT count(*) FROM offenses WHERE ip = '" + ip + "'"), "one offense, lifted");
        assertEquals(2, sql("SELECT count(*) FROM fleet_decisions WHERE offender = '" + ip + "'"), "a ban and a lift");
    }

    @Test
    void aNodeKilledWithMinusNineCatchesUpAtStartRunningBansAppliedLiftsToo() {
        String lifted = "198.18.51.1";
        node(1).inject("saslfail-postfix", List.of(lifted), 1);
        eventually("mx3 holds " + lifted, () -> node(3).banned("saslfail-strike1").contains(lifted));
        node(3).killDaemon();
        List<String> wave = new ArrayList<>();
        for (int i = 10; i < 30; i++) {
            wave.add("198.18.51." + i);
        }
        node(1).inject("saslfail-postfix", wave, 5);
        Cli r = node(1).cli("unban", lifted);
        assertEquals(0, r.code(), r + context());
        eventually("mx2 holds the wave", () -> node(2).banned("saslfail-strike1").containsAll(wave));
        assertTrue(node(3).banned("saslfail-strike1").contains(lifted), "mx3 is down: nothing changes there");
        node(3).startDaemon();
        eventually("mx3 caught up: the wave in, the lifted one out", () -> {
            var held = node(3).banned("saslfail-strike1");
            return held.containsAll(wave) && !held.contains(lifted);
        });
        assertEquals(21, sql("SELECT count(*) FROM offenses WHERE ip LIKE '198.18.51.%'"), context());
        eventually("mx3 recorded how far it applied",
                () -> sql("SELECT applied_id FROM fleet_applied WHERE node = 'mx3'") == sql("SELECT max(id) FROM fleet_decisions"));
    }

    @Test
    void twoNodesBanningTheSameOffenderAtOnceMakeOneOffenseAndOneDecision() throws Exception {
        for (int i = 1; i <= 5; i++) {
            String ip = "198.18.52." + i;
            CyclicBarrier both = new CyclicBarrier(2);
            Thread other = new Thread(() -> {
                try {
                    both.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                node(2).inject("saslfail-postfix", List.of(ip), 1);
            });
            other.start();
            both.await();
            node(1).inject("saslfail-postfix", List.of(ip), 1);
            other.join();
        }
        eventually("both nodes' daemons read the bans", () -> sql("SELECT count(*) FROM events WHERE ip LIKE '198.18.52.%'") >= 5
                && node(1).log().contains("198.18.52.5") && node(2).log().contains("198.18.52.5"));
        for (int i = 1; i <= 5; i++) {
            String ip = "198.18.52." + i;
            assertEquals(1, sql("SELECT count(*) FROM offenses WHERE ip = '" + ip + "'"), ip + context());
            assertEquals(1, sql("SELECT count(*) FROM fleet_decisions WHERE offender = '" + ip + "'"), ip + context());
        }
        eventually("mx3 holds all five", () -> node(3).banned("saslfail-strike1").containsAll(
                List.of("198.18.52.1", "198.18.52.2", "198.18.52.3", "198.18.52.4", "198.18.52.5")));
    }

    /**
     * Issue 13's fault test. PostgreSQL is stopped for 60 s while a wave of 1,000 strike-1 bans
     * arrives on mx1's and mx2's fail2ban, spread over the outage; 50 of the addresses are repeat
     * offenders whose earlier bans (decided and lifted on mx3 beforehand) make this offense strike 2
     * or 3. fail2ban keeps banning and its database holds every ban; nothing is decided while the
     * store is away. Once PostgreSQL is back, every ban is decided exactly once, each node's in the
     * order its fail2ban banned them, and every decision is enforced on every node in its jail.
     */
    @Test
    void postgresStoppedForAMinuteDuringAWaveOfAThousandBansDecidesEachBanOnceInOrderAndEnforcesItEverywhere() {
        List<String> wave = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            wave.add("198.18." + (60 + i / 250) + "." + (1 + i % 250));
        }
        // mx1 bans the first half, mx2 the second; from each half, 20 come back for strike 2 and 5 for strike 3
        List<String> strike2 = new ArrayList<>();
        List<String> strike3 = new ArrayList<>();
        for (int half = 0; half < 2; half++) {
            for (int k = 0; k < 25; k++) {
                (k < 20 ? strike2 : strike3).add(wave.get(half * 500 + 7 + k * 19));
            }
        }
        String inWave = "(offender LIKE '198.18.60.%' OR offender LIKE '198.18.61.%' OR offender LIKE '198.18.62.%'"
                + " OR offender LIKE '198.18.63.%')";
        List<String> repeaters = new ArrayList<>(strike2);
        repeaters.addAll(strike3);
        offendAndLiftOnMx3(repeaters);
        offendAndLiftOnMx3(strike3);
        long priorDecisions = sql("SELECT count(*) FROM fleet_decisions WHERE " + inWave);
        assertEquals(2 * repeaters.size() + 2 * strike3.size(), priorDecisions, "a ban and a lift per earlier offense");
        eventually("every node applied every decision so far", () -> sql("SELECT count(*) FROM fleet_applied WHERE applied_id = "
                + "(SELECT max(id) FROM fleet_decisions)") == 3);

        Map<Integer, List<String>> bannedBy = Map.of(1, wave.subList(0, 500), 2, wave.subList(500, 1000));
        Map<Integer, List<String>> fail2banOrder = new HashMap<>();
        long stoppedAt;
        long startedAt;
        int[] logAtStop = new int[4];
        for (int n = 1; n <= 3; n++) {
            logAtStop[n] = node(n).log().length();
        }
        LiveSetup.run("pg_ctlcluster", "15", "main", "stop");
        stoppedAt = System.currentTimeMillis();
        try {
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close(),
                    "PostgreSQL is down");
            // 20 rounds of 25 bans on each node, one every 2.7 s: the wave lasts most of the outage
            for (int round = 0; round < 20; round++) {
                long due = stoppedAt + 2000 + round * 2700L;
                sleep(Duration.ofMillis(Math.max(0, due - System.currentTimeMillis())));
                for (int n : List.of(1, 2)) {
                    node(n).inject("saslfail-postfix", bannedBy.get(n).subList(round * 25, round * 25 + 25), 25);
                }
            }
            for (int n : List.of(1, 2)) {
                int node = n;
                assertTrue(node(n).banned("saslfail-postfix").containsAll(bannedBy.get(n)),
                        "mx" + n + "'s fail2ban keeps banning without PostgreSQL");
                LiveSetup.waitUntil("mx" + n + "'s fail2ban database holds its 500 bans", Duration.ofSeconds(30),
                        () -> fail2banOrder(node).size() == 500);
                fail2banOrder.put(n, fail2banOrder(n));
            }
            for (int n = 1; n <= 3; n++) {
                assertTrue(node(n).daemonAlive(), "mx" + n + "'s daemon lives through the outage" + context());
            }
            assertTrue(Collections.disjoint(node(3).banned("saslfail-strike1"), wave),
                    "nothing is decided while the store is away");
            sleep(Duration.ofMillis(Math.max(0, stoppedAt + 60_000 - System.currentTimeMillis())));
            for (int n = 1; n <= 3; n++) {
                // each trouble said once, not at every retry (the intake's retries once wrote 25,000 lines in 20 s)
                String said = node(n).log().substring(logAtStop[n]);
                assertTrue(said.lines().count() <= 10,
                        "mx" + n + " logged during the outage:\n" + said.substring(0, Math.min(3000, said.length())));
            }
        } finally {
            startedAt = System.currentTimeMillis();
            LiveSetup.run("pg_ctlcluster", "15", "main", "start");
        }
        assertTrue(startedAt - stoppedAt >= 60_000, "PostgreSQL was down " + (startedAt - stoppedAt) + " ms");

        // the wave's first ban is 2 s after the stop and fail2ban times bans in whole seconds: this second cuts
        // the wave from the lifts before the outage, which may fall in the second of the stop itself
        long waveFrom = (stoppedAt / 1000 + 1) * 1000;
        Map<String, Integer> strikeOf = new HashMap<>();
        wave.forEach(ip -> strikeOf.put(ip, 1));
        strike2.forEach(ip -> strikeOf.put(ip, 2));
        strike3.forEach(ip -> strikeOf.put(ip, 3));
        try {
            LiveSetup.waitUntil("every ban of the wave decided", Duration.ofSeconds(120),
                    () -> sql("SELECT count(*) FROM fleet_decisions WHERE action = 'ban' AND at_ms >= " + waveFrom
                            + " AND " + inWave) >= 1000);
            long decided = System.currentTimeMillis();
            LiveSetup.waitUntil("every node applied every decision", Duration.ofSeconds(120), () -> sql("SELECT count(*)"
                    + " FROM fleet_applied WHERE applied_id = (SELECT max(id) FROM fleet_decisions)") == 3);
            // a dozen fail2ban-client processes a look: once a second, not back to back beside the fail2ban servers at work
            LiveSetup.waitUntil("every node enforcing every decision in its jail", Duration.ofSeconds(120), () -> {
                boolean done = missing(wave, strikeOf, bannedBy).isEmpty();
                if (!done) {
                    sleep(Duration.ofSeconds(1));
                }
                return done;
            });
            long enforced = System.currentTimeMillis();
            String ofWave = " FROM fleet_decisions WHERE action = 'ban' AND at_ms >= " + waveFrom + " AND " + inWave;
            long firstDecision = sql("SELECT min(decided_at_ms)" + ofWave);
            long lastDecision = sql("SELECT max(decided_at_ms)" + ofWave);
            System.out.printf("fleet outage: PostgreSQL down %.1f s; after it was back: first decision %.1f s, last %.1f s"
                            + " (seen %.1f s), every decision enforced on every node %.1f s%n", (startedAt - stoppedAt) / 1000.0,
                    (firstDecision - startedAt) / 1000.0, (lastDecision - startedAt) / 1000.0, (decided - startedAt) / 1000.0,
                    (enforced - startedAt) / 1000.0);
        } catch (AssertionError e) {
            List<String> notYet = missing(wave, strikeOf, bannedBy);
            throw new AssertionError(e.getMessage() + "; not yet: " + notYet.stream().limit(10).toList()
                    + tracesOf(notYet.stream().map(m -> m.substring(0, m.indexOf(' '))).distinct().limit(3).toList()) + context(), e);
        }

        String during = " AND at_ms >= " + waveFrom;
        String ipInWave = inWave.replace("offender", "ip");
        // every event recorded once, as one offense on the right ladder step, decided by the node whose fail2ban banned it
        assertEquals(1000, sql("SELECT count(*) FROM events WHERE " + ipInWave + during), "one event per ban" + context());
        assertEquals(0, sql("SELECT count(*) FROM (SELECT ip FROM events WHERE " + ipInWave + during
                + " GROUP BY ip HAVING count(*) > 1) twice"), "no ban recorded twice");
        assertEquals(1000, sql("SELECT count(DISTINCT ip) FROM offenses WHERE " + ipInWave + during), "an offense per ban");
        assertEquals(1000, sql("SELECT count(*) FROM offenses WHERE " + ipInWave + during), "no offense twice");
        assertEquals(950, sql("SELECT count(*) FROM offenses WHERE strike = 1 AND " + ipInWave + during));
        assertEquals(40, sql("SELECT count(*) FROM offenses WHERE strike = 2 AND jail = 'saslfail-strike2' AND " + ipInWave + during));
        assertEquals(10, sql("SELECT count(*) FROM offenses WHERE strike = 3 AND jail = 'saslfail-strike3' AND " + ipInWave + during));
        assertEquals(500, sql("SELECT count(*) FROM offenses WHERE node = 'mx1' AND " + ipInWave + during));
        assertEquals(500, sql("SELECT count(*) FROM offenses WHERE node = 'mx2' AND " + ipInWave + during));
        // one decision per ban, none decided before PostgreSQL was back, nothing lifted
        assertEquals(1000, sql("SELECT count(*) FROM fleet_decisions WHERE action = 'ban' AND " + inWave + during));
        assertEquals(1000, sql("SELECT count(DISTINCT offender) FROM fleet_decisions WHERE action = 'ban' AND " + inWave + during));
        assertEquals(List.of(), strings("SELECT id || ' ' || node || ' ' || action || ' ' || offender || ' at ' || at_ms || ' decided '"
                + " || decided_at_ms FROM fleet_decisions WHERE decided_at_ms < " + startedAt + " AND " + inWave + during),
                "decided before PostgreSQL was back (stopped " + stoppedAt + ", started " + startedAt + ")");
        assertEquals(priorDecisions + 1000, sql("SELECT count(*) FROM fleet_decisions WHERE " + inWave), "and no lift");
        // in order: each node's decisions follow the order of its fail2ban's bans (the rowids of its database)
        for (int n : List.of(1, 2)) {
            assertEquals(fail2banOrder.get(n), strings("SELECT offender FROM fleet_decisions WHERE node = 'mx" + n
                    + "' AND action = 'ban' AND " + inWave + during + " ORDER BY id"), "mx" + n + "'s bans decided in fail2ban's order");
            assertTrue(bannedBy.get(n).containsAll(fail2banOrder.get(n)), "mx" + n + " banned its own half");
        }
        for (int n = 1; n <= 3; n++) {
            assertTrue(node(n).daemonAlive(), "mx" + n + "'s daemon still runs" + context());
        }
        eventually("every node recorded that it applied every decision",
                () -> sql("SELECT count(*) FROM fleet_applied WHERE applied_id = (SELECT max(id) FROM fleet_decisions)") == 3);
    }

    /** Bans {@code ips} on mx3 and lifts the bans with 'saslfail unban' there: offenses that count, bans that ended. */
    private static void offendAndLiftOnMx3(List<String> ips) {
        String list = "'" + String.join("','", ips) + "'";
        long before = sql("SELECT count(*) FROM offenses WHERE ip IN (" + list + ")");
        node(3).inject("saslfail-postfix", ips, ips.size());
        eventually("mx3 decided " + ips.size() + " bans", () -> sql("SELECT count(*) FROM offenses WHERE ip IN (" + list + ")")
                == before + ips.size());
        for (String ip : ips) {
            Cli r = node(3).cli("unban", ip);
            assertEquals(0, r.code(), r + context());
        }
        eventually("the lifts reached every jail", () -> {
            for (int n = 1; n <= 3; n++) {
                for (String jail : List.of("saslfail-postfix", "saslfail-strike1", "saslfail-strike2")) {
                    if (!Collections.disjoint(node(n).banned(jail), ips)) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /**
     * What is not yet where it belongs: a strike-1 ban in its own node's strike-1 jail and in the
     * others' saslfail-strike1, an escalation in saslfail-strikeK everywhere and out of its node's
     * strike-1 jail; and no other node's strike-1 jail (read by its intake) holds any of them.
     */
    private static List<String> missing(List<String> wave, Map<String, Integer> strikeOf, Map<Integer, List<String>> bannedBy) {
        List<String> missing = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Map<String, Set<String>> held = new HashMap<>();
            for (String jail : List.of("saslfail-postfix", "saslfail-strike1", "saslfail-strike2", "saslfail-strike3")) {
                held.put(jail, node(n).banned(jail));
            }
            List<String> own = bannedBy.getOrDefault(n, List.of());
            Set<String> ownSet = new HashSet<>(own);
            for (String ip : wave) {
                int strike = strikeOf.get(ip);
                boolean mine = ownSet.contains(ip);
                String want = strike > 1 ? "saslfail-strike" + strike : mine ? "saslfail-postfix" : "saslfail-strike1";
                if (!held.get(want).contains(ip)) {
                    missing.add(ip + " not in mx" + n + "'s " + want);
                }
                if (held.get("saslfail-postfix").contains(ip) && !(mine && strike == 1)) {
                    missing.add(ip + " still in mx" + n + "'s saslfail-postfix");
                }
            }
        }
        return missing;
    }

    /** The addresses of the wave in mx{@code n}'s fail2ban database's strike-1 jail, in the order it banned them. */
    private static List<String> fail2banOrder(int n) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        try (Connection c = config.createConnection("jdbc:sqlite:" + node(n).f2b.db()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ip FROM bans WHERE jail = 'saslfail-postfix' AND ip LIKE '198.18.6_.%'"
                     + " ORDER BY rowid")) {
            List<String> ips = new ArrayList<>();
            while (rs.next()) {
                ips.add(rs.getString(1));
            }
            return ips;
        } catch (SQLException e) {
            throw new IllegalStateException("mx" + n + "'s fail2ban database: " + e.getMessage(), e);
        }
    }

    /** Every row of mx{@code n}'s fail2ban database that bans {@code ip}: rowid, jail, time of ban. */
    private static List<String> fail2banRows(int n, String ip) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        try (Connection c = config.createConnection("jdbc:sqlite:" + node(n).f2b.db());
             java.sql.PreparedStatement st = c.prepareStatement("SELECT rowid, jail, timeofban FROM bans WHERE ip = ? ORDER BY rowid")) {
            st.setString(1, ip);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3));
                }
            }
            return rows;
        } catch (SQLException e) {
            return List.of("unreadable: " + e.getMessage());
        }
    }

    /** The first column of every row of a query, as text. */
    private static List<String> strings(String query) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
