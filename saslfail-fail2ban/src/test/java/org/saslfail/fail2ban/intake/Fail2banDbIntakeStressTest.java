package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.JailName;
import org.saslfail.core.testing.TestClock;

/**
 * Randomised: what fail2ban and saslfail do to fail2ban's {@code bans} table (new strike-1 bans, several in a
 * second and some recorded late; tier-jail bans and unbans; escalation unbans that delete the newest row so that
 * SQLite hands its rowid out again), interleaved with the intake's passes, daemon restarts (some dying in a pass
 * before it saved the watermark), store outages and clock steps, on a real SQLite file. Every strike-1 row must
 * reach a sink call that returned, in the order fail2ban wrote the rows, but for the intake's documented limit
 * after a restart ({@link World#excuse()}). A failure names its seed; replay it with
 * {@code -Dintake.stress.seed=N}, search further with {@code -Dintake.stress.seeds=N -Dintake.stress.steps=N}.
 */
class Fail2banDbIntakeStressTest {
    private static final int SEEDS = Integer.getInteger("intake.stress.seeds", 40);
    private static final int STEPS = Integer.getInteger("intake.stress.steps", 500);
    private static final String POSTFIX = "saslfail-postfix";
    private static final String DOVECOT = "saslfail-dovecot";
    private static final List<String> TIERS = List.of("saslfail-strike1", "saslfail-strike2", "saslfail-strike3");
    private static final String STORE_AWAY = "store away (test)";

    @TempDir
    Path dir;

    @Test
    void everyStrikeOneRowReachesTheSinkInTheOrderFail2banWroteItWhateverHappensMeanwhile() throws Exception {
        Long only = Long.getLong("intake.stress.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : SEEDS;
        int[] seen = new int[4];
        for (long seed = first; seed <= last; seed++) {
            Path db = dir.resolve("fail2ban-" + seed + ".sqlite3");
            try (World world = new World(db, seed)) {
                world.run(STEPS);
                seen[0] += world.strikeOne.size();
                seen[1] += world.belowMark;
                seen[2] += world.refusals;
                seen[3] += world.excused.size();
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + seed + " (replay: -Dintake.stress.seed=" + seed + "): "
                        + e.getMessage(), e);
            }
            Files.deleteIfExists(db);
        }
        System.out.printf("intake stress: %d seeds of %d steps, %d strike-1 rows, %d in a freed rowid at or below"
                + " the mark, %d sink refusals, %d out of reach after a restart%n", last - first + 1, STEPS, seen[0],
                seen[1], seen[2], seen[3]);
        assertTrue(seen[1] > 0 && seen[2] > 0, "the model wrote no row into a freed rowid, or the sink never failed");
    }

    /** One strike-1 row fail2ban wrote, as the model remembers it. */
    private static final class Row {
        final long seq;
        long rowId;
        final String jail;
        final String ip;
        final long time;
        boolean present = true;

        Row(long seq, long rowId, String jail, String ip, long time) {
            this.seq = seq;
            this.rowId = rowId;
            this.jail = jail;
            this.ip = ip;
            this.time = time;
        }

        String key() {
            return jail + "|" + ip + "|" + time;
        }

        @Override
        public String toString() {
            return "#" + seq + " rowid " + rowId + " " + key();
        }
    }

    /** The watermark store of a daemon that may die between handing events on and saving how far it got. */
    private static final class CrashableStore implements WatermarkStore {
        Watermark saved = Watermark.START;
        boolean dying;

        @Override
        public Watermark load() {
            return saved;
        }

        @Override
        public void save(Watermark watermark) {
            if (!dying) {
                saved = watermark;
            }
        }
    }

    /** fail2ban's database, the model of what it holds, and the intake reading it. */
    private static final class World implements AutoCloseable {
        final Path db;
        final Random rnd;
        final TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        final Connection rw;
        /** Every row in the table (strike-1 and tier jails) by rowid: jail|ip. */
        final TreeMap<Long, String> table = new TreeMap<>();
        final List<Row> strikeOne = new ArrayList<>();
        final Map<Long, Row> strikeOneByRowId = new TreeMap<>();
        /** Strike-1 rows in the table not handed on yet, in the order fail2ban wrote them. */
        final TreeMap<Long, Row> waiting = new TreeMap<>();
        /** jail|ip of the strike-1 rows in the table: fail2ban bans an address in a jail once at a time. */
        final Set<String> banned = new HashSet<>();
        final Set<String> handed = new HashSet<>();
        final Deque<String> history = new ArrayDeque<>();
        final CrashableStore store = new CrashableStore();
        Fail2banDbIntake intake;
        int nextIp;
        long seq;
        int outagePasses;
        boolean failNext;
        boolean inPass;
        int belowMark;
        int refusals;
        /**
         * How the seed's world leans: how often a pass follows each burst of bans (as the file watch makes
         * it), and how often an escalated address is in a tier jail already (no tier ban above its row).
         */
        final int passAfterBans;
        final int alreadyInTier;
        /** Rows up to this one were there when a pass of the daemon that ran last read the table. */
        long readUpTo;
        /** No pass yet since the daemon started: it remembers nothing of what it handed on. */
        boolean started = true;
        /** Rows out of reach of a restarted intake (see {@link #excuse()}); not required, counted. */
        final Set<Row> excused = new HashSet<>();
        /** fail2ban has stopped writing: the intake's last passes catch up. */
        boolean quiet;

        World(Path db, long seed) throws SQLException {
            this.db = db;
            this.rnd = new Random(seed);
            passAfterBans = rnd.nextInt(100);
            alreadyInTier = rnd.nextInt(100);
            rw = DriverManager.getConnection("jdbc:sqlite:" + db);
            try (Statement st = rw.createStatement()) {
                // fail2ban 1.0.2's tables and pragmas (server/database.py)
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA synchronous = OFF");
                st.execute("PRAGMA journal_mode = MEMORY");
                st.execute("CREATE TABLE jails(name TEXT NOT NULL UNIQUE, enabled INTEGER NOT NULL DEFAULT 1)");
                st.execute("CREATE TABLE bans(jail TEXT NOT NULL, ip TEXT, timeofban INTEGER NOT NULL,"
                        + " bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON,"
                        + " FOREIGN KEY(jail) REFERENCES jails(name))");
                st.execute("CREATE INDEX bans_jail_timeofban_ip ON bans(jail, timeofban)");
                st.execute("CREATE INDEX bans_jail_ip ON bans(jail, ip)");
                st.execute("CREATE INDEX bans_ip ON bans(ip)");
                st.execute("CREATE TABLE bips(ip TEXT NOT NULL, jail TEXT NOT NULL, timeofban INTEGER NOT NULL,"
                        + " bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON,"
                        + " PRIMARY KEY(ip, jail), FOREIGN KEY(jail) REFERENCES jails(name))");
                for (String jail : List.of(POSTFIX, DOVECOT, TIERS.get(0), TIERS.get(1), TIERS.get(2))) {
                    st.execute("INSERT INTO jails(name) VALUES ('" + jail + "')");
                }
            }
            intake = newIntake();
        }

        Fail2banDbIntake newIntake() {
            return new Fail2banDbIntake(db, Set.of(JailName.of(POSTFIX), JailName.of(DOVECOT)), store, this::sink,
                    clock, Duration.ofSeconds(1));
        }

        /** Runs the steps, then lets the intake catch up with a healthy store. */
        void run(int steps) throws SQLException {
            for (int i = 0; i < steps; i++) {
                step();
            }
            outagePasses = 0;
            failNext = false;
            quiet = true;
            note("drain");
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(31));
                pass();
            }
            for (Row row : strikeOne) {
                if (!handed.contains(row.key()) && !excused.contains(row)) {
                    fail("never handed on: " + row + (row.present ? "" : " (deleted)") + "; watermark "
                            + intake.watermark() + "; last steps:\n  " + String.join("\n  ", history));
                }
            }
        }

        void step() throws SQLException {
            int r = rnd.nextInt(100);
            if (r < 28) {
                banWave();
                if (rnd.nextInt(100) < passAfterBans) {
                    pass();
                }
            } else if (r < 36) {
                insert(TIERS.get(rnd.nextInt(TIERS.size())), freshIp(), clock.instant().getEpochSecond());
            } else if (r < 41) {
                unbanTier();
            } else if (r < 56) {
                escalate();
            } else if (r < 80) {
                pass();
            } else if (r < 90) {
                clock.advance(Duration.ofMillis(rnd.nextInt(3000)));
            } else if (r < 93) {
                // NTP steps the clock, either way
                long by = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(rnd.nextBoolean() ? 10 : 900));
                note("clock steps " + by + " s");
                clock.advance(Duration.ofSeconds(by));
            } else if (r < 96) {
                if (rnd.nextInt(3) == 0) {
                    note("daemon dies in a pass before saving the watermark");
                    store.dying = true;
                    pass();
                    store.dying = false;
                } else {
                    note("daemon restarts");
                }
                intake.close();
                intake = newIntake();
                started = true;
            } else if (r < 98) {
                outagePasses = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 40);
                note("store away for " + outagePasses + " passes");
            } else {
                failNext = true;
                note("the next sink call fails");
            }
        }

        /** fail2ban bans a few addresses in one second; now and then a ticket whose failure is older. */
        void banWave() throws SQLException {
            int n = 1 + rnd.nextInt(4);
            long now = clock.instant().getEpochSecond();
            for (int i = 0; i < n; i++) {
                String jail = rnd.nextInt(6) == 0 ? DOVECOT : POSTFIX;
                int lag = rnd.nextInt(100);
                // timeofban is the time of the failure that triggered the ban: the observer writes the row
                // a little later, and a jail reading a backlog (fail2ban back after downtime) writes old ones
                long time = now - (lag < 80 ? 0 : lag < 95 ? rnd.nextInt(4) : rnd.nextInt(600));
                String ip = rebannable(jail);
                insert(jail, ip, Math.max(1, time));
            }
            clock.advance(Duration.ofMillis(rnd.nextInt(1200)));
        }

        /** Mostly a new address; sometimes one escalated earlier (its strike-1 rows are gone) offending again. */
        String rebannable(String jail) {
            if (rnd.nextInt(10) == 0 && !strikeOne.isEmpty()) {
                Row old = strikeOne.get(rnd.nextInt(strikeOne.size()));
                if (!banned.contains(jail + "|" + old.ip)) {
                    return old.ip;
                }
            }
            return freshIp();
        }

        String freshIp() {
            int n = nextIp++;
            return "198." + (18 + n / 65536) + "." + (n / 256 % 256) + "." + (n % 256);
        }

        void insert(String jail, String ip, long time) throws SQLException {
            long rowId;
            try (PreparedStatement st = rw.prepareStatement("INSERT INTO bans(jail, ip, timeofban, bantime, bancount, data)"
                    + " VALUES (?, ?, ?, 172800, 1, '{}')")) {
                st.setString(1, jail);
                st.setString(2, ip);
                st.setLong(3, time);
                st.executeUpdate();
            }
            try (Statement st = rw.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                rowId = rs.getLong(1);
            }
            try (PreparedStatement st = rw.prepareStatement(
                    "INSERT OR REPLACE INTO bips(ip, jail, timeofban, bantime) VALUES (?, ?, ?, 172800)")) {
                st.setString(1, ip);
                st.setString(2, jail);
                st.setLong(3, time);
                st.executeUpdate();
            }
            assertTrue(table.put(rowId, jail + "|" + ip) == null, "rowid " + rowId + " handed out twice");
            if (jail.equals(POSTFIX) || jail.equals(DOVECOT)) {
                Row row = new Row(++seq, rowId, jail, ip, time);
                strikeOne.add(row);
                strikeOneByRowId.put(rowId, row);
                assertTrue(banned.add(jail + "|" + ip), jail + "|" + ip + " banned twice at once");
                if (!handed.contains(row.key())) {
                    waiting.put(row.seq, row);
                }
                boolean below = rowId <= intake.watermark().rowId();
                belowMark += below ? 1 : 0;
                note("ban " + row + (below ? " (rowid at or below the mark)" : ""));
            }
        }

        /** fail2ban's removeBannedIP: every row of the address in the jail, banned now or not. */
        void delete(String jail, String ip) throws SQLException {
            try (PreparedStatement st = rw.prepareStatement("DELETE FROM bans WHERE jail = ? AND ip = ?");
                 PreparedStatement bips = rw.prepareStatement("DELETE FROM bips WHERE jail = ? AND ip = ?")) {
                st.setString(1, jail);
                st.setString(2, ip);
                st.executeUpdate();
                bips.setString(1, jail);
                bips.setString(2, ip);
                bips.executeUpdate();
            }
            table.values().removeIf(v -> v.equals(jail + "|" + ip));
            banned.remove(jail + "|" + ip);
            strikeOneByRowId.values().removeIf(row -> {
                if (row.jail.equals(jail) && row.ip.equals(ip)) {
                    row.present = false;
                    return true;
                }
                return false;
            });
        }

        void unbanTier() throws SQLException {
            List<Map.Entry<Long, String>> tier = table.entrySet().stream()
                    .filter(e -> TIERS.contains(e.getValue().split("\\|")[0])).toList();
            if (tier.isEmpty()) {
                return;
            }
            Map.Entry<Long, String> e = tier.get(rnd.nextBoolean() ? tier.size() - 1 : rnd.nextInt(tier.size()));
            String[] jailIp = e.getValue().split("\\|");
            note("tier unban " + e.getValue() + " (rowid " + e.getKey() + ")");
            delete(jailIp[0], jailIp[1]);
        }

        /**
         * saslfail escalates an address it was told of: bans it in a tier jail, or not when it is banned there
         * already (its /64 or /24 is), and unbans it from the strike-1 jail, which deletes its rows there. Often
         * the newest row, so that SQLite hands its rowid out again.
         */
        void escalate() throws SQLException {
            List<Row> done = strikeOneByRowId.values().stream().filter(row -> handed.contains(row.key())).toList();
            if (done.isEmpty()) {
                return;
            }
            Row newest = strikeOneByRowId.get(table.lastKey());
            boolean top = newest != null && handed.contains(newest.key()) && rnd.nextInt(3) > 0;
            escalate(top ? newest : done.get(rnd.nextInt(done.size())));
        }

        void escalate(Row row) throws SQLException {
            if (rnd.nextInt(100) >= alreadyInTier) {
                insert(TIERS.get(1 + rnd.nextInt(2)), row.ip, clock.instant().getEpochSecond());
            }
            note("escalate " + row + (row.rowId == table.lastKey() ? " (the newest row)" : ""));
            delete(row.jail, row.ip);
        }

        void pass() {
            note("pass from " + intake.watermark());
            if (started) {
                excuse();
                started = false;
            }
            long upTo = seq;
            inPass = true;
            try {
                intake.pass();
                if (!store.dying) {
                    readUpTo = upTo;
                }
            } catch (IllegalStateException e) {
                if (!STORE_AWAY.equals(e.getMessage())) {
                    throw e;
                }
                if (!store.dying) {
                    readUpTo = upTo;
                }
            } finally {
                inPass = false;
                if (outagePasses > 0) {
                    outagePasses--;
                }
            }
        }

        /**
         * The intake's known limit: a restarted intake remembers nothing of the rows it handed on, so a row
         * that took a freed rowid at or below the saved mark before it read the table again is found only
         * when its timeofban is within OVERLAP of the newest ban handed on (or of now).
         */
        void excuse() {
            Watermark mark = store.saved;
            long floor = Math.min(mark.timeOfBan(), clock.instant().getEpochSecond())
                    - Fail2banDbIntake.OVERLAP.toSeconds();
            for (Row row : strikeOneByRowId.values()) {
                boolean unread = row.seq > readUpTo && !handed.contains(row.key());
                if (unread && row.rowId <= mark.rowId() && row.time < floor) {
                    note("out of reach of the restarted intake: " + row);
                    excused.add(row);
                    waiting.remove(row.seq);
                }
            }
        }

        /** The daemon's side: record the ban (the store may be away), and meanwhile fail2ban keeps writing. */
        void sink(BanEvent e) {
            assertTrue(inPass, "the sink is called only from a pass");
            if (outagePasses > 0 || failNext) {
                failNext = false;
                refusals++;
                note("  sink fails on " + e.jail() + "|" + e.ip() + "|" + e.at().getEpochSecond());
                throw new IllegalStateException(STORE_AWAY);
            }
            String key = e.jail().value() + "|" + e.ip() + "|" + e.at().getEpochSecond();
            if (handed.add(key)) {
                Row first = waiting.isEmpty() ? null : waiting.firstEntry().getValue();
                Row row = first != null && first.key().equals(key) ? first
                        : excused.stream().filter(x -> x.present && x.key().equals(key)).findFirst().orElse(null);
                if (row == null) {
                    fail(key + " handed on before " + first + "; last steps:\n  " + String.join("\n  ", history));
                }
                waiting.values().removeIf(x -> x.key().equals(key));
                note("  handed on " + row);
                try {
                    // the intake holds no read lock now: fail2ban can write, and saslfail escalates at once
                    int r = quiet ? -1 : rnd.nextInt(10);
                    if (r == 0) {
                        banWave();
                    } else if (r <= 3) {
                        escalate(row);
                    }
                } catch (SQLException ex) {
                    throw new AssertionError("fail2ban could not write while the intake handed on: " + ex, ex);
                }
            }
        }

        void note(String what) {
            history.addLast("t=" + clock.instant().getEpochSecond() + " " + what);
            if (history.size() > 120) {
                history.removeFirst();
            }
        }

        @Override
        public void close() throws SQLException {
            intake.close();
            rw.close();
        }
    }
}
