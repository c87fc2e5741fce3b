package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 end to end, with real traffic: three fleet nodes on one LAN, each in its own network
 * namespace with its own fail2ban server acting with nftables there, sharing one PostgreSQL 15. Node 1
 * runs the real Postfix (Dovecot SASL); nodes 2 and 3 run a small SMTP listener on ports 25 and 587. An
 * attacker in a fourth namespace fails SMTP AUTH against node 1 with swaks until it escalates (ladder
 * 5s, 2m, 4m; {@code fleet.scope = escalations}, so strike 1 stays on node 1): every mail port of the
 * three nodes answers it before, and none after, while each still answers inside its own namespace (so
 * the port is open and the ban is what stops the attacker). Each daemon runs in its node's namespace
 * too and reaches PostgreSQL over the LAN (a relay in a fifth namespace to the server's unix socket), so
 * that a node cut off from the LAN is cut off from the fleet: it keeps enforcing what it holds, and once
 * plugged back in it catches up with the decisions made meanwhile.
 *
 * <p>LAN 10.77.3.64/27 (the block {@link LiveSetup} does not ignore): nodes .65-.67, attackers .70 and
 * .71, database relay .80.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class FleetNamespacesIT {
    private static final String SWITCH = "fnsw";
    private static final String ATTACKER_NS = "fnatk";
    private static final String ATTACKER = "10.77.3.70";
    private static final String ATTACKER2_NS = "fnatk2";
    private static final String ATTACKER2 = "10.77.3.71";
    private static final String DB_NS = "fndb";
    private static final String DB = "10.77.3.80";
    private static final String PREFIX = "/27";
    private static final String LADDER = "5s, 2m, 4m";
    private static final Duration TRAVEL = Duration.ofSeconds(15);
    /** Answers the SMTP greeting and QUIT on ports 25 and 587 until killed; argv[1] names it in its banner. */
    private static final String LISTENER = """
            import socketserver, sys, threading
            name = sys.argv[1].encode()
            class Smtp(socketserver.StreamRequestHandler):
                def handle(self):
                    self.wfile.write(b"220 " + name + b" ESMTP test listener\\r\\n")
                    for line in self.rfile:
                        if line[:4].upper() == b"QUIT":
                            self.wfile.write(b"221 bye\\r\\n")
                            return
                        self.wfile.write(b"250 ok\\r\\n")
            class Server(socketserver.ThreadingTCPServer):
                allow_reuse_address = True
                daemon_threads = True
            servers = [Server(("0.0.0.0", port), Smtp) for port in (25, 587)]
            threading.Thread(target=servers[1].serve_forever, daemon=True).start()
            servers[0].serve_forever()
            """;
    /** Relays TCP port 5432 to PostgreSQL's unix socket (argv[1]); peer authentication sees root, as over the socket. */
    private static final String RELAY = """
            import asyncio, sys
            async def pipe(reader, writer):
                try:
                    while data := await reader.read(65536):
                        writer.write(data)
                        await writer.drain()
                finally:
                    writer.close()
            async def handle(client_reader, client_writer):
                reader, writer = await asyncio.open_unix_connection(sys.argv[1])
                await asyncio.gather(pipe(client_reader, writer), pipe(reader, client_writer), return_exceptions=True)
            async def main():
                server = await asyncio.start_server(handle, "0.0.0.0", 5432)
                async with server:
                    await server.serve_forever()
            asyncio.run(main())
            """;

    private static String database;
    private static String url;
    private static final List<LiveSetup> nodes = new ArrayList<>();
    private static final List<Process> listeners = new ArrayList<>();
    private static boolean postfixMoved;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for namespaces and nftables");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/swaks")), "needs swaks");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")), "needs PostgreSQL (testbed/install-packages.sh)");
        assumeTrue(Files.isRegularFile(LiveSetup.jar()), "needs the saslfail jar (mvn package)");
        database = "saslfail_fleetns_" + ProcessHandle.current().pid();
        url = FleetIT.postgres("up", database);
        for (int n = 1; n <= 3; n++) {
            lan("add", SWITCH, ns(n), ip(n) + PREFIX);
        }
        lan("add", SWITCH, ATTACKER_NS, ATTACKER + PREFIX);
        lan("add", SWITCH, ATTACKER2_NS, ATTACKER2 + PREFIX);
        lan("add", SWITCH, DB_NS, DB + PREFIX);
        listeners.add(new ProcessBuilder("ip", "netns", "exec", DB_NS, "/usr/bin/python3", "-c", RELAY,
                "/var/run/postgresql/.s.PGSQL.5432").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        String overLan = url.replace("//localhost:", "//" + DB + ":");
        postfixMoved = true;
        check(LiveEscalationIT.sh(testbed("mailserver.sh"), "up", ns(1)) == 0, "mailserver.sh up " + ns(1));
        for (int n = 2; n <= 3; n++) {
            listeners.add(new ProcessBuilder("ip", "netns", "exec", ns(n), "/usr/bin/python3", "-c", LISTENER, "mx" + n)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (int n = 1; n <= 3; n++) {
            int node = n;
            for (int port : ports(n)) {
                LiveSetup.waitUntil("mx" + n + " answers on port " + port + " inside its namespace", Duration.ofSeconds(20),
                        () -> answers(ns(node), "127.0.0.1", port));
            }
        }
        for (int n = 1; n <= 3; n++) {
            nodes.add(LiveSetup.create(ns(n), LADDER, n == 1 ? Path.of("/var/log/postfix.log") : null,
                    Map.of("database", overLan, "fleet.node", "mx" + n, "fleet.scope", "escalations"), ns(n)));
        }
        for (int n = 1; n <= 3; n++) {
            node(n).startDaemonIn(ns(n));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        List<Runnable> steps = new ArrayList<>();
        for (LiveSetup s : nodes) {
            steps.add(s::close);
        }
        for (Process p : listeners) {
            steps.add(() -> {
                p.destroyForcibly();
                await(p);
            });
        }
        if (postfixMoved) {
            // back to the host's namespace, as the other tests expect it
            steps.add(() -> LiveEscalationIT.sh(testbed("mailserver.sh"), "up"));
        }
        steps.add(() -> lan("del", SWITCH, ns(1), ns(2), ns(3), ATTACKER_NS, ATTACKER2_NS, DB_NS));
        if (database != null) {
            steps.add(() -> {
                try {
                    FleetIT.postgres("drop", database);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        RuntimeException first = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static String ns(int n) {
        return "fn" + n;
    }

    private static String ip(int n) {
        return "10.77.3." + (64 + n);
    }

    /** The mail ports listened on: Postfix's smtp on node 1, the test listener's 25 and 587 elsewhere. */
    private static List<Integer> ports(int n) {
        return n == 1 ? List.of(25) : List.of(25, 587);
    }

    private static LiveSetup node(int n) {
        return nodes.get(n - 1);
    }

    private static String testbed(String script) {
        return LiveEscalationIT.testbed().resolve(script).toString();
    }

    private static void lan(String... args) {
        List<String> cmd = new ArrayList<>(List.of(testbed("lan.sh")));
        cmd.addAll(List.of(args));
        check(LiveEscalationIT.sh(cmd.toArray(String[]::new)) == 0, String.join(" ", cmd));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what + " failed");
        }
    }

    private static void await(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long sql(String query) {
        return FleetIT.sql(url, query);
    }

    /** Whether an SMTP server greets a client in namespace {@code from} at {@code server:port} within 3 s. */
    private static boolean answers(String from, String server, int port) {
        return LiveEscalationIT.sh("ip", "netns", "exec", from, "swaks", "--server", server, "--port", String.valueOf(port),
                "--quit-after", "CONNECT", "--timeout", "3") == 0;
    }

    private static void failAuth(String attackerNs) {
        LiveEscalationIT.sh("ip", "netns", "exec", attackerNs, "swaks", "--server", ip(1), "--auth", "LOGIN",
                "--auth-user", "alice", "--auth-password", "wrong", "--quit-after", "AUTH", "--timeout", "5");
    }

    private static String context() {
        StringBuilder sb = new StringBuilder();
        for (int n = 1; n <= nodes.size(); n++) {
            String log = node(n).log();
            sb.append("\n--- mx").append(n).append(" daemon log (tail)\n").append(log.substring(Math.max(0, log.length() - 2000)))
                    .append("\n--- mx").append(n).append(" fail2ban log (tail)\n").append(node(n).f2b.tail());
        }
        return sb.toString();
    }

    private static void eventually(String what, Duration max, java.util.function.BooleanSupplier condition) {
        try {
            LiveSetup.waitUntil(what, max, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + context(), e);
        }
    }

    /** The address in node n's own nftables (its namespace, its fail2ban's table). */
    private static boolean inNftables(int n, String address) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", ns(n), "nft", "list", "table", "inet", node(n).table)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Strike 1 on mx1, which stays there (the {@code others} still answer), its end, and strike 2;
     * returns when fail2ban on mx1 holds strike 2.
     */
    private static void escalateOnNodeOne(String attackerNs, String attacker, int... others) {
        failAuth(attackerNs);
        eventually("strike 1 on mx1", TRAVEL, () -> node(1).banned("saslfail-postfix").contains(attacker));
        assertFalse(answers(attackerNs, ip(1), 25), "mx1 refuses " + attacker + " at strike 1");
        for (int n : others) {
            assertTrue(answers(attackerNs, ip(n), 25), "strike 1 stays on mx1 (fleet.scope = escalations): mx" + n + context());
        }
        eventually("the strike-1 ban ends", TRAVEL, () -> !node(1).banned("saslfail-postfix").contains(attacker));
        eventually("mx1 answers again", Duration.ofSeconds(5), () -> answers(attackerNs, ip(1), 25));
        failAuth(attackerNs);
        eventually("strike 2 on mx1", TRAVEL, () -> node(1).banned("saslfail-strike2").contains(attacker));
    }

    /** Every mail port of node n refuses the attacker and still answers inside n's namespace; nftables there hold it. */
    private static void shutOut(int n, String attackerNs, String attacker) {
        String jails = node(n).f2b.client("banned", attacker);
        assertTrue(jails.contains("saslfail-strike2"), "fail2ban-client banned on mx" + n + ": " + jails);
        assertTrue(inNftables(n, attacker), "mx" + n + "'s nftables, in its namespace, hold " + attacker + context());
        for (int port : ports(n)) {
            assertFalse(answers(attackerNs, ip(n), port), "mx" + n + " does not answer " + attacker + " on " + port);
            assertTrue(answers(ns(n), "127.0.0.1", port), "mx" + n + "'s port " + port + " is still open (the ban stops the attacker)");
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void anEscalationOnNodeOneShutsTheAttackerOutOfEveryMailPortOfAllThreeNodes() {
        for (int n = 1; n <= 3; n++) {
            for (int port : ports(n)) {
                assertTrue(answers(ATTACKER_NS, ip(n), port), "before any ban, mx" + n + " answers the attacker on " + port);
            }
        }

        escalateOnNodeOne(ATTACKER_NS, ATTACKER, 2, 3);
        long decided = System.nanoTime();
        eventually("mx2 and mx3 hold the escalation in saslfail-strike2", TRAVEL,
                () -> node(2).banned("saslfail-strike2").contains(ATTACKER) && node(3).banned("saslfail-strike2").contains(ATTACKER));
        System.out.printf("FleetNamespacesIT: escalation on mx1 enforced on mx2 and mx3 within %d ms of fail2ban holding it on mx1%n",
                (System.nanoTime() - decided) / 1_000_000);
        for (int n = 1; n <= 3; n++) {
            shutOut(n, ATTACKER_NS, ATTACKER);
        }
        assertEquals(2, sql("SELECT count(*) FROM offenses WHERE ip = '" + ATTACKER + "'"), "two offenses, both on mx1" + context());
        assertEquals(2, sql("SELECT count(*) FROM offenses WHERE ip = '" + ATTACKER + "' AND node = 'mx1'"), context());
        assertEquals(2, sql("SELECT count(*) FROM fleet_decisions WHERE offender = '" + ATTACKER + "' AND action = 'ban' AND node = 'mx1'"),
                "two ban decisions, by mx1: strike 1 (which mx2 and mx3 leave alone) and strike 2" + context());
        assertEquals(2, sql("SELECT max(strike) FROM fleet_decisions WHERE offender = '" + ATTACKER + "'"), context());
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aNodeCutOffFromTheLanKeepsWhatItEnforcesAndCatchesUpWhenPluggedBackIn() {
        var held = node(3).banned("saslfail-strike2");
        for (int port : ports(3)) {
            assertTrue(answers(ATTACKER2_NS, ip(3), port), "before the cut, mx3 answers " + ATTACKER2 + " on " + port);
        }
        lan("cut", SWITCH, ns(3));
        try {
            assertFalse(answers(ATTACKER2_NS, ip(3), 25), "cut off: mx3 is out of reach");
            escalateOnNodeOne(ATTACKER2_NS, ATTACKER2, 2);
            eventually("mx2 holds the escalation of " + ATTACKER2, TRAVEL, () -> node(2).banned("saslfail-strike2").contains(ATTACKER2));
            sleep(Duration.ofSeconds(3));
            assertFalse(node(3).banned("saslfail-strike2").contains(ATTACKER2), "cut off, mx3 cannot know of it" + context());
            assertTrue(node(3).banned("saslfail-strike2").containsAll(held), "cut off, mx3 keeps enforcing what it held: " + held);
            held.forEach(a -> assertTrue(inNftables(3, a), a + " still in mx3's nftables"));
        } finally {
            lan("plug", SWITCH, ns(3));
        }
        eventually("mx3 caught up with the escalation made while it was cut off", Duration.ofSeconds(90),
                () -> node(3).banned("saslfail-strike2").contains(ATTACKER2));
        shutOut(3, ATTACKER2_NS, ATTACKER2);
        shutOut(2, ATTACKER2_NS, ATTACKER2);
        assertEquals(2, sql("SELECT count(*) FROM offenses WHERE ip = '" + ATTACKER2 + "'"), "recorded once each" + context());
        assertEquals(2, sql("SELECT count(*) FROM fleet_decisions WHERE offender = '" + ATTACKER2 + "'"), context());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
