package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.testing.Fail2banServer;
import org.saslfail.fail2ban.testing.MemoryWatermarkStore;

/** The database intake against a real fail2ban server and its real sqlite database. */
class Fail2banDbIntakeIT {
    private static final JailName POSTFIX = JailName.of("saslfail-postfix");
    private static final JailName DOVECOT = JailName.of("saslfail-dovecot");
    private static final JailName STRIKE2 = JailName.of("saslfail-strike2");
    private static Fail2banServer server;
    private static Fail2banClient client;
    private final List<Fail2banDbIntake> intakes = new ArrayList<>();
    private static int next = 1;

    @BeforeAll
    static void startFail2ban() {
        server = Fail2banServer.start("intake", Fail2banServer.dummyJail(POSTFIX.value(), "3600")
                + Fail2banServer.dummyJail(DOVECOT.value(), "3600") + Fail2banServer.dummyJail(STRIKE2.value(), "7200"));
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

    @AfterEach
    void closeIntakes() {
        intakes.forEach(Fail2banDbIntake::close);
    }

    @Test
    void bansIssuedWithBanipArriveAsEventsWithFail2bansTimeOfBan() throws Exception {
        BlockingQueue<BanEvent> events = new LinkedBlockingQueue<>();
        Fail2banDbIntake intake = intake(memory(), events);
        intake.pass(); // skip what earlier tests banned
        events.clear();
        intake.start();
        IpPrefix a = fresh();
        IpPrefix b = fresh();
        server.client("set", POSTFIX.value(), "banip", a.toString()); // fail2ban's own client, as an admin would
        client.ban(DOVECOT, List.of(b));
        client.ban(STRIKE2, List.of(fresh())); // not a strike-1 jail: no event
        BanEvent first = events.poll(10, TimeUnit.SECONDS);
        BanEvent second = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(first, "no event for the first ban");
        assertNotNull(second, "no event for the second ban");
        assertEquals(List.of("ban|saslfail-postfix|" + a, "ban|saslfail-dovecot|" + b),
                List.of(first.key().substring(0, first.key().lastIndexOf('|')),
                        second.key().substring(0, second.key().lastIndexOf('|'))));
        String timeOfBan = sqlite("SELECT timeofban FROM bans WHERE jail='saslfail-postfix' AND ip='" + a + "'");
        assertEquals(Long.parseLong(timeOfBan.strip()), first.at().getEpochSecond());
        Thread.sleep(1500);
        assertEquals(List.of(), drain(events), "the tier-jail ban must not become an event");
    }

    @Test
    void fail2banRestartRestoresBansWithoutANewEventKey() throws Exception {
        BlockingQueue<BanEvent> events = new LinkedBlockingQueue<>();
        Fail2banDbIntake intake = intake(memory(), events);
        client.ban(POSTFIX, List.of(fresh(), fresh()));
        client.ban(DOVECOT, List.of(fresh()));
        waitForRows(3);
        intake.pass();
        Set<String> keys = keys(drain(events));
        assertTrue(keys.size() >= 3, keys::toString);

        server.restart();
        for (int i = 0; i < 100 && client.status(POSTFIX).currentlyBanned() < 2; i++) {
            Thread.sleep(100); // fail2ban restores its bans shortly after the jail starts
        }
        assertTrue(client.status(POSTFIX).currentlyBanned() >= 2, "fail2ban restored the bans");
        assertTrue(Files.readString(server.log()).contains("Restore Ban"), server::tail);
        intake.pass();
        // a fresh intake from the start sees the same keys, nothing new
        BlockingQueue<BanEvent> again = new LinkedBlockingQueue<>();
        intake(memory(), again).pass();
        Set<String> newKeys = new HashSet<>(keys(drain(events)));
        newKeys.addAll(keys(drain(again)));
        newKeys.removeAll(keys);
        assertEquals(Set.of(), newKeys, "restored bans must not produce new event keys");
    }

    @Test
    void catchesUpOnBansMadeWhileItWasStoppedFromThePersistedWatermark() throws Exception {
        Path mark = Files.createTempFile(server.dir(), "watermark", ".txt");
        Files.delete(mark);
        BlockingQueue<BanEvent> events = new LinkedBlockingQueue<>();
        Fail2banDbIntake first = intake(new FileWatermarkStore(mark), events);
        first.pass();
        Set<String> before = keys(drain(events));
        first.close();

        IpPrefix x = fresh();
        IpPrefix y = fresh();
        client.ban(POSTFIX, List.of(x, y));
        waitForRow(y);

        Fail2banDbIntake second = intake(new FileWatermarkStore(mark), events);
        second.start();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            BanEvent e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "missed a ban made while stopped");
            seen.add(e.key());
            if (before.contains(e.key())) {
                i--; // a re-read of a known row is harmless: its key was counted before
            }
        }
        seen.removeAll(before);
        assertEquals(2, seen.size(), seen::toString);
        assertTrue(seen.stream().anyMatch(k -> k.contains("|" + x + "|")) && seen.stream().anyMatch(k -> k.contains("|" + y + "|")));
    }

    @Test
    void aBanInTheRowidOfADeletedRowIsNotMissed() throws Exception {
        BlockingQueue<BanEvent> events = new LinkedBlockingQueue<>();
        Fail2banDbIntake intake = intake(memory(), events);
        IpPrefix a = fresh();
        client.ban(POSTFIX, List.of(a));
        waitForRow(a);
        intake.pass();
        drain(events);
        String rowOfA = sqlite("SELECT rowid FROM bans WHERE ip='" + a + "'").strip();
        client.unban(POSTFIX, List.of(a)); // fail2ban deletes a's row: the highest rowid is free again
        IpPrefix b = fresh();
        client.ban(POSTFIX, List.of(b));
        waitForRow(b);
        assertEquals(rowOfA, sqlite("SELECT rowid FROM bans WHERE ip='" + b + "'").strip(), "SQLite reused the rowid");
        intake.pass();
        assertEquals(List.of(b.toString()), drain(events).stream().map(e -> e.ip().toString()).toList());
    }

    @Test
    void aWaveOfBansArrivesExactlyOnceEach() throws Exception {
        List<BanEvent> got = java.util.Collections.synchronizedList(new ArrayList<>());
        Fail2banDbIntake intake = intake(memory(), got::add);
        intake.pass();
        got.clear();
        intake.start();
        List<IpPrefix> wave = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            wave.add(fresh());
        }
        for (int i = 0; i < wave.size(); i += 50) {
            client.ban(i % 100 == 0 ? POSTFIX : DOVECOT, wave.subList(i, i + 50));
        }
        for (int i = 0; i < 200 && got.size() < wave.size(); i++) {
            Thread.sleep(50);
        }
        Thread.sleep(1500); // two more passes: nothing may come twice
        assertEquals(wave.size(), got.size());
        assertEquals(wave.size(), keys(new ArrayList<>(got)).size());
        assertEquals(new HashSet<>(wave.stream().map(IpPrefix::toString).toList()),
                new HashSet<>(got.stream().map(e -> e.ip().toString()).toList()));
    }

    @Test
    void intakeFromSettingsReadsTheConfiguredDatabaseForTheStrikeOneJails() throws Exception {
        List<BanEvent> got = new ArrayList<>();
        Fail2banDbIntake intake = Fail2banDbIntake.fromSettings(org.saslfail.core.config.Settings.defaults()
                .with("fail2ban.db", server.db().toString()), memory(), got::add, Clock.systemUTC());
        intakes.add(intake);
        intake.pass();
        got.clear();
        IpPrefix a = fresh();
        client.ban(POSTFIX, List.of(a));
        client.ban(STRIKE2, List.of(fresh()));
        waitForRow(a);
        Thread.sleep(200);
        intake.pass();
        assertEquals(List.of("saslfail-postfix " + a), got.stream().map(e -> e.jail() + " " + e.ip()).toList());
    }

    @Test
    void lagIsZeroWhenCaughtUpAndAMissingDatabaseIsReportedNotThrown() {
        Fail2banDbIntake intake = intake(memory(), new LinkedBlockingQueue<>());
        intake.pass();
        assertEquals(Duration.ZERO, intake.lag().orElseThrow());
        Fail2banDbIntake missing = new Fail2banDbIntake(server.dir().resolve("absent.sqlite3"), Set.of(POSTFIX),
                memory(), e -> { }, Clock.systemUTC(), Duration.ofMillis(200));
        intakes.add(missing);
        assertEquals(0, missing.pass());
        assertTrue(missing.problem().orElseThrow().contains("does not exist"), missing.problem()::toString);
    }

    @Test
    void aFailingSinkGetsTheEventAgainOnTheNextPass() throws Exception {
        IpPrefix a = fresh();
        List<BanEvent> got = new ArrayList<>();
        boolean[] fail = {true};
        Fail2banDbIntake intake = intake(memory(), e -> {
            if (fail[0] && e.ip().toString().equals(a.toString())) {
                throw new IllegalStateException("store down");
            }
            got.add(e);
        });
        intake.pass();
        got.clear();
        client.ban(POSTFIX, List.of(a));
        waitForRow(a);
        try {
            intake.pass();
        } catch (IllegalStateException expected) {
            // the sink failed
        }
        fail[0] = false;
        intake.pass();
        assertEquals(List.of(a.toString()), got.stream().map(e -> e.ip().toString()).toList());
    }

    private Fail2banDbIntake intake(WatermarkStore store, java.util.function.Consumer<BanEvent> sink) {
        Fail2banDbIntake intake = new Fail2banDbIntake(server.db(), Set.of(POSTFIX, DOVECOT), store, sink,
                Clock.systemUTC(), Duration.ofMillis(500));
        intakes.add(intake);
        return intake;
    }

    private Fail2banDbIntake intake(WatermarkStore store, BlockingQueue<BanEvent> queue) {
        return intake(store, (java.util.function.Consumer<BanEvent>) queue::add);
    }

    private static WatermarkStore memory() {
        return new MemoryWatermarkStore();
    }

    private static synchronized IpPrefix fresh() {
        int n = next++;
        return IpPrefix.parse("198.18." + (n / 250) + "." + (1 + n % 250)); // benchmarking range, never routed here
    }

    private static List<BanEvent> drain(BlockingQueue<BanEvent> q) {
        List<BanEvent> out = new ArrayList<>();
        q.drainTo(out);
        return out;
    }

    private static Set<String> keys(List<BanEvent> events) {
        Set<String> keys = new HashSet<>();
        events.forEach(e -> keys.add(e.key()));
        return keys;
    }

    /** fail2ban writes the row asynchronously after the ban; wait for it. */
    private static void waitForRow(IpPrefix ip) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (!sqlite("SELECT count(*) FROM bans WHERE ip='" + ip + "'").strip().equals("0")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fail2ban never recorded " + ip);
    }

    private static void waitForRows(int atLeast) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Integer.parseInt(sqlite("SELECT count(*) FROM bans").strip()) >= atLeast) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static String sqlite(String sql) throws Exception {
        Process p = new ProcessBuilder("sqlite3", "-readonly", server.db().toString(), sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
