package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
     * PostgreSQL stopped during a wave: fail2ban keeps banning locally, its database holds the bans
     * and the intake its watermark; once PostgreSQL is back every ban is decided once and enforced
     * on every node (the daemons reconnect by themselves).
     */
    @Test
    void postgresStoppedDuringAWaveLosesNothingAndDecidesEachBanOnceWhenItIsBack() {
        List<String> wave = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            wave.add("198.18.53." + i);
        }
        LiveSetup.run("pg_ctlcluster", "15", "main", "stop");
        try {
            org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close(),
                    "PostgreSQL is down");
            node(1).inject("saslfail-postfix", wave.subList(0, 15), 5);
            node(2).inject("saslfail-postfix", wave.subList(15, 30), 5);
            assertTrue(node(1).banned("saslfail-postfix").containsAll(wave.subList(0, 15)), "fail2ban bans on without PostgreSQL");
            LiveSetup.waitUntil("the daemons notice", Duration.ofSeconds(20),
                    () -> node(1).log().contains("198.18.53.") || node(1).log().contains("cannot"));
            sleep(Duration.ofSeconds(20));
        } finally {
            LiveSetup.run("pg_ctlcluster", "15", "main", "start");
        }
        try {
            LiveSetup.waitUntil("every ban of the wave decided", Duration.ofSeconds(90),
                    () -> sql("SELECT count(*) FROM offenses WHERE ip LIKE '198.18.53.%'") == 30);
            LiveSetup.waitUntil("every node enforcing all of them", Duration.ofSeconds(90), () -> {
                var on3 = node(3).banned("saslfail-strike1");
                var on1 = node(1).banned("saslfail-strike1");
                var on2 = node(2).banned("saslfail-strike1");
                return on3.containsAll(wave) && on1.containsAll(wave.subList(15, 30)) && on2.containsAll(wave.subList(0, 15));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + context(), e);
        }
        assertEquals(30, sql("SELECT count(*) FROM events WHERE ip LIKE '198.18.53.%'"), "each ban decided once" + context());
        assertEquals(30, sql("SELECT count(*) FROM fleet_decisions WHERE offender LIKE '198.18.53.%'"));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
