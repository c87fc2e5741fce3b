package org.saslfail.fail2ban.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banException.Reason;
import org.saslfail.fail2ban.testing.Fail2banServer;

/** The socket client against a real fail2ban server. */
class Fail2banClientIT {
    private static final JailName JAIL = JailName.of("saslfail-strike2");
    private static final JailName PERMANENT = JailName.of("saslfail-permanent");
    private static Fail2banServer server;
    private static Fail2banClient client;

    @BeforeAll
    static void startFail2ban() {
        server = Fail2banServer.start("client", Fail2banServer.dummyJail(JAIL.value(), "691200")
                + Fail2banServer.dummyJail(PERMANENT.value(), "-1"));
        client = new Fail2banClient(server.socket());
    }

    @AfterAll
    static void stopFail2ban() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pingAnswersPong() {
        assertEquals("pong", client.ping());
    }

    @Test
    void statusListsTheJails() {
        assertEquals(List.of(PERMANENT, JAIL), client.jails().stream().sorted(
                java.util.Comparator.comparing(JailName::value)).toList());
    }

    @Test
    void banShowsInJailStatusWithTimeAndInBanned() {
        Instant before = Instant.now().minusSeconds(2);
        assertEquals(2, client.ban(JAIL, List.of(IpPrefix.parse("192.0.2.21"), IpPrefix.parse("2001:db8:21::/64"))));
        JailStatus status = client.status(JAIL);
        assertTrue(status.banned().containsAll(List.of("192.0.2.21", "2001:db8:21::/64")), status::toString);
        assertTrue(status.currentlyBanned() >= 2);
        BanEntry entry = client.bansWithTime(JAIL).stream()
                .filter(b -> b.target().equals(IpPrefix.parse("192.0.2.21"))).findFirst().orElseThrow();
        assertEquals(691200, entry.seconds());
        assertTrue(!entry.start().isBefore(before) && !entry.start().isAfter(Instant.now()), entry::toString);
        assertEquals(List.of(JAIL), client.jailsBanning(IpAddress.parse("192.0.2.21")));
        assertEquals(1, client.unban(JAIL, List.of(IpPrefix.parse("192.0.2.21"))));
        assertEquals(List.of(), client.jailsBanning(IpAddress.parse("192.0.2.21")));
    }

    @Test
    void threadsSharingOneClientEachGetTheirOwnReply() throws Exception {
        JailName jail = JailName.of("saslfail-strike2");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int banned = 0;
                    for (int i = 0; i < 50; i++) {
                        banned += client.ban(jail, List.of(IpPrefix.parse("198.18." + thread + "." + (i + 1))));
                        assertEquals("pong", client.ping());
                    }
                    return banned;
                }));
            }
            for (var r : results) {
                assertEquals(50, r.get());
            }
            assertEquals(List.of(jail), client.jailsBanning(IpAddress.parse("198.18.3.50")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneCommandBansAndLiftsAWholeBatchCountingOnlyWhatChanged() {
        List<IpPrefix> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(IpPrefix.parse("198.18." + (100 + i / 100) + "." + (i % 100 + 1)));
        }
        batch.add(IpPrefix.parse("2001:db8:23::/64"));
        assertEquals(1, client.ban(JAIL, batch.subList(0, 1)));
        assertEquals(batch.size() - 1, client.ban(JAIL, batch), "the one already banned is not counted again");
        assertTrue(client.status(JAIL).banned().containsAll(batch.stream().map(IpPrefix::toString).toList()));
        List<IpPrefix> lift = new java.util.ArrayList<>(batch.subList(0, 150));
        lift.add(IpPrefix.parse("192.0.2.23")); // never banned: skipped, not an error
        assertEquals(150, client.unban(JAIL, lift));
        List<String> left = client.status(JAIL).banned();
        assertTrue(lift.stream().noneMatch(p -> left.contains(p.toString())), left::toString);
        assertTrue(left.containsAll(batch.subList(150, batch.size()).stream().map(IpPrefix::toString).toList()));
        assertEquals(batch.size() - 150, client.unban(JAIL, batch.subList(150, batch.size())));
    }

    @Test
    void unbanOfAnAddressNotBannedCountsZero() {
        assertEquals(0, client.unban(JAIL, List.of(IpPrefix.parse("192.0.2.22"))));
    }

    @Test
    void banTimeIsTheJailsAndMinusOneForPermanent() {
        assertEquals(691200, client.banTimeSeconds(JAIL));
        assertEquals(-1, client.banTimeSeconds(PERMANENT));
    }

    @Test
    void unknownJailKeepsFail2bansMessageAndTheConnectionStaysUsable() {
        Fail2banException e = assertThrows(Fail2banException.class, () -> client.status(JailName.of("no-such-jail")));
        assertEquals(Reason.UNKNOWN_JAIL, e.reason());
        assertEquals("fail2ban has no jail 'no-such-jail' (is it configured and enabled?)", e.getMessage());
        assertEquals("pong", client.ping());
    }

    @Test
    void missingSocketSaysSo() {
        try (Fail2banClient c = new Fail2banClient(server.dir().resolve("absent.sock"))) {
            Fail2banException e = assertThrows(Fail2banException.class, c::ping);
            assertEquals(Reason.SOCKET_MISSING, e.reason());
            assertTrue(e.getMessage().startsWith("fail2ban socket " + server.dir().resolve("absent.sock")
                    + " does not exist"), e.getMessage());
        }
    }

    @Test
    void staleSocketIsNotAnswering() throws Exception {
        Path stale = server.dir().resolve("stale.sock");
        try (ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ss.bind(UnixDomainSocketAddress.of(stale));
        } // closed: the file stays, nobody listens
        try (Fail2banClient c = new Fail2banClient(stale)) {
            Fail2banException e = assertThrows(Fail2banException.class, c::ping);
            assertEquals(Reason.NOT_ANSWERING, e.reason());
            assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        } finally {
            Files.deleteIfExists(stale);
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        Path silent = server.dir().resolve("silent.sock");
        try (ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ss.bind(UnixDomainSocketAddress.of(silent));
            try (Fail2banClient c = new Fail2banClient(silent, Duration.ofSeconds(1), Duration.ofMillis(300))) {
                Fail2banException e = assertThrows(Fail2banException.class, c::ping);
                assertEquals(Reason.NOT_ANSWERING, e.reason());
                assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
                try (SocketChannel accepted = ss.accept()) {
                    assertTrue(accepted.isConnected());
                }
            }
        } finally {
            Files.deleteIfExists(silent);
        }
    }

    @Test
    void reconnectsOnTheNextCallAfterFail2banRestarted() {
        try (Fail2banClient c = new Fail2banClient(server.socket())) {
            assertEquals("pong", c.ping());
            server.stop();
            Fail2banException down = assertThrows(Fail2banException.class, c::ping);
            assertTrue(down.reason() == Reason.SOCKET_MISSING || down.reason() == Reason.NOT_ANSWERING, down::getMessage);
            server.start();
            assertEquals("pong", c.ping());
        } finally {
            server.start(); // no-op when running
        }
        assertEquals("pong", client.ping());
    }

    @Test
    void hostileInputLeavesTheRealServerUntouched() throws Exception {
        String before = server.client("get", JAIL.value(), "banip");
        long logBefore = Files.size(server.log());
        for (String text : BadInputTest.hostile().toList()) {
            assertThrows(IllegalArgumentException.class,
                    () -> client.ban(JAIL, List.of(IpPrefix.parse(text))));
            assertThrows(IllegalArgumentException.class, () -> client.status(JailName.of(text)));
        }
        assertEquals(before, server.client("get", JAIL.value(), "banip"));
        String newLog = Files.readString(server.log()).substring((int) logBefore);
        assertTrue(!newLog.contains("has failed") && !newLog.contains("PROTO-error"), newLog);
    }

    @Test
    void reloadRereadsTheConfiguration() throws Exception {
        Path jailConf = server.config().resolve("jail.d/extra.conf");
        Files.writeString(jailConf, Fail2banServer.dummyJail("saslfail-strike3", "60")
                .replace("@DIR@", server.dir().toString()));
        try {
            client.reload(server.config());
            assertEquals(60, client.banTimeSeconds(JailName.of("saslfail-strike3")));
        } finally {
            Files.delete(jailConf);
            client.reload(server.config());
        }
    }
}
