package org.saslfail.fail2ban.intake;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.saslfail.core.config.Settings;
import org.saslfail.core.service.BackgroundTask;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.InvalidAddressException;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Texts;
import org.sqlite.SQLiteConfig;

/**
 * Learns of strike-1 bans by reading fail2ban's own database (DESIGN §2 "Event intake").
 *
 * <p>fail2ban writes one row to its {@code bans} table for every new ban and none for a ban
 * it restores at its own restart, so restored bans never become events. The intake reads the
 * table read-only from a persisted {@link Watermark}, on start (catching up on everything
 * banned while saslfail was down) and then whenever the database file changes (a
 * {@link WatchService} on its directory), with a short poll as a fallback. Each row becomes
 * {@code BanEvent(BAN, jail, ip, timeofban)}; its {@link BanEvent#key()} makes a row read twice
 * (after a crash between hand-on and watermark save) harmless downstream.
 *
 * <p>SQLite gives a new row the rowid after the highest one left, so once the newest rows are
 * deleted (an escalated address is unbanned from its strike-1 jail) new rows take rowids at or
 * below the mark. The intake remembers the rows it handed on in this run (and the newest rows
 * below the mark when it started) and reads past the highest of them still in the table,
 * wherever that is below the mark. The {@code timeofban} of a new row does not tell: it is the
 * time of the failure, and a ban fail2ban writes while catching up on its log (or after the
 * clock was stepped back) is minutes older than the newest. The first pass of a run, with
 * nothing remembered, reads past the mark and within {@link #OVERLAP} of the newest ban handed
 * on, so a row written into a freed rowid while saslfail was down is missed when it is older
 * than that.
 */
public final class Fail2banDbIntake implements AutoCloseable {
    public static final Duration OVERLAP = Duration.ofMinutes(2);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    /** How many rows handed on are remembered: enough that escalations rarely delete them all. */
    static final int REMEMBERED = 1024;
    /** How many rows below the mark are remembered at start, for the same reason. */
    private static final int REMEMBERED_AT_START = 64;
    /** Each row's rowid and its jail|ip|timeofban, as {@link #known} holds them. */
    private static final String ROWS_AS_SEEN = "SELECT rowid, jail || '|' || ip || '|' || timeofban FROM bans";
    private static final System.Logger LOG = System.getLogger(Fail2banDbIntake.class.getName());

    private final Path db;
    private final List<String> jails;
    private final WatermarkStore store;
    private final Consumer<BanEvent> sink;
    private final Clock clock;
    private final Duration poll;
    /**
     * rowid to jail|ip|timeofban of the rows handed on in this run and of the newest at or below the
     * mark at its first pass, the last {@link #REMEMBERED}.
     */
    private final TreeMap<Long, String> known = new TreeMap<>();
    private Watermark watermark;
    /** Whether this run has read the table: from then on the rows remembered tell where new rows begin. */
    private boolean readOnce;
    private Connection connection;
    private Object openedFileKey;
    private volatile Instant lastPass;
    private volatile String problem;
    /** The failure last logged, until a pass succeeds: a store away for a minute is one line, not one per retry. */
    private volatile String reported;
    private volatile boolean running;
    private Thread thread;
    private WatchService watcher;

    /**
     * @param db    fail2ban's database file ({@code fail2ban.db})
     * @param jails the strike-1 jails whose bans are events
     * @param store where the watermark is kept
     * @param sink  receives each event, in the order fail2ban recorded them; an exception stops
     *              the pass and the event is offered again on the next one
     */
    public Fail2banDbIntake(Path db, Set<JailName> jails, WatermarkStore store, Consumer<BanEvent> sink, Clock clock,
                            Duration poll) {
        if (jails.isEmpty()) {
            throw new IllegalArgumentException("the intake needs at least one strike-1 jail");
        }
        this.db = db.toAbsolutePath();
        this.jails = jails.stream().map(JailName::value).sorted().toList();
        this.store = Objects.requireNonNull(store, "store");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = clock;
        this.poll = poll;
    }

    /**
     * The intake saslfail.conf describes: fail2ban's database from {@code fail2ban.db}, the
     * strike-1 jails of the configured services, the default poll.
     */
    public static Fail2banDbIntake fromSettings(Settings settings, WatermarkStore store, Consumer<BanEvent> sink,
                                                Clock clock) {
        return new Fail2banDbIntake(Path.of(settings.require("fail2ban.db")),
                settings.strikeOneJails().keySet(), store, sink, clock, DEFAULT_POLL);
    }

    /**
     * Reads every new row once and hands its event to the sink; returns how many were handed
     * on. Returns 0 while the database does not exist yet (fail2ban never ran).
     *
     * @throws IntakeException when the database cannot be read (the message says why)
     */
    public synchronized int pass() {
        if (watermark == null) {
            watermark = store.load();
        }
        if (!open()) {
            return 0;
        }
        Watermark before = watermark;
        int count = 0;
        // Rows are read completely before any is handed on: the sink talks to fail2ban, which
        // must be able to write its database meanwhile (an open read would hold SQLite's lock).
        List<Object[]> rows = new ArrayList<>();
        // two indexed searches (rowid range; the (jail, timeofban) index) instead of one OR that scans the jails;
        // '+jail' keeps SQLite from preferring the jail index over the rowid range
        String in = "?,".repeat(jails.size() - 1) + "?";
        try {
            boolean wide = !readOnce;
            String sql = "SELECT rowid AS r, jail, ip, timeofban FROM bans WHERE rowid > ? AND +jail IN (" + in + ")"
                    + (wide ? " UNION SELECT rowid, jail, ip, timeofban FROM bans WHERE jail IN (" + in
                    + ") AND timeofban >= ?" : "") + " ORDER BY 1";
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                int i = 1;
                st.setLong(i++, wide ? watermark.rowId() : lastUnchanged());
                for (String jail : jails) {
                    st.setString(i++, jail);
                }
                if (wide) {
                    for (String jail : jails) {
                        st.setString(i++, jail);
                    }
                    // the clock may have been stepped back since the newest ban
                    long newest = Math.min(watermark.timeOfBan(), clock.instant().getEpochSecond());
                    st.setLong(i, Math.max(0, newest - OVERLAP.toSeconds()));
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)});
                    }
                }
            }
            if (wide) {
                Map<Long, String> atStart = newestAtStart();
                rows.forEach(r -> atStart.remove((Long) r[0]));
                known.putAll(atStart);
            }
            readOnce = true;
            problem = null;
        } catch (SQLException e) {
            closeConnection();
            throw fail("cannot read fail2ban's database " + db + ": " + e.getMessage(), e);
        }
        int done = 0;
        try {
            for (Object[] r : rows) {
                if (handOn((Long) r[0], (String) r[1], (String) r[2], (Long) r[3])) {
                    count++;
                }
                done++;
            }
        } finally {
            long refused = done < rows.size() ? (Long) rows.get(done)[0] : Long.MAX_VALUE;
            if (refused <= watermark.rowId()) {
                // the row the sink refused took a rowid at or below the mark: after a restart, with
                // nothing remembered, the first pass must still read it
                watermark = new Watermark(refused - 1, watermark.timeOfBan());
            }
            if (!watermark.equals(before)) {
                store.save(watermark);
            }
            while (known.size() > REMEMBERED) {
                known.pollFirstEntry();
            }
        }
        lastPass = clock.instant();
        return count;
    }

    /**
     * The highest rowid up to the mark whose row is still one remembered: it was in the table all
     * along, so every row written since lies above it. 0 when none is left (every row may be new).
     */
    private long lastUnchanged() throws SQLException {
        if (known.isEmpty()) {
            return 0;
        }
        try (PreparedStatement st = connection.prepareStatement(
                ROWS_AS_SEEN + " WHERE rowid BETWEEN ? AND ? ORDER BY rowid DESC")) {
            st.setLong(1, known.firstKey());
            st.setLong(2, watermark.rowId());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String seen = known.get(rs.getLong(1));
                    if (seen != null && seen.equals(rs.getString(2))) {
                        return rs.getLong(1);
                    }
                }
            }
        }
        return 0;
    }

    /** The newest rows at or below the mark at start: there before, or missed anyway. */
    private Map<Long, String> newestAtStart() throws SQLException {
        Map<Long, String> newest = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(
                ROWS_AS_SEEN + " WHERE rowid <= ? ORDER BY rowid DESC LIMIT " + REMEMBERED_AT_START)) {
            st.setLong(1, watermark.rowId());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        newest.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
        }
        return newest;
    }

    private boolean handOn(long rowId, String jail, String ip, long timeOfBan) {
        String seen = jail + "|" + ip + "|" + timeOfBan;
        if (seen.equals(known.get(rowId))) {
            watermark = watermark.max(rowId, timeOfBan);
            return false;
        }
        BanEvent event;
        try {
            event = new BanEvent(BanEvent.Kind.BAN, JailName.of(jail), IpAddress.parse(ip),
                    Instant.ofEpochSecond(timeOfBan));
        } catch (InvalidAddressException e) {
            // a network or a name banned by hand in a strike-1 jail is not an offender address
            LOG.log(System.Logger.Level.WARNING, "skipping ban of " + Texts.quoteShort(ip) + " in " + jail
                    + ": not a single address");
            event = null;
        }
        if (event != null) {
            sink.accept(event);
        }
        known.put(rowId, seen);
        watermark = watermark.max(rowId, timeOfBan);
        return event != null;
    }

    /**
     * How far behind the intake is: the age of the oldest strike-1 ban fail2ban recorded that
     * has not been handed on, zero when caught up; empty when the database cannot be read.
     */
    public synchronized Optional<Duration> lag() {
        try {
            if (!open()) {
                return Optional.of(Duration.ZERO);
            }
            Watermark mark = watermark == null ? store.load() : watermark;
            try (PreparedStatement st = connection.prepareStatement("SELECT min(timeofban) FROM bans WHERE rowid > ?"
                    + " AND +jail IN (" + "?,".repeat(jails.size() - 1) + "?)")) {
                int i = 1;
                st.setLong(i++, mark.rowId());
                for (String jail : jails) {
                    st.setString(i++, jail);
                }
                try (ResultSet rs = st.executeQuery()) {
                    long oldest = rs.next() ? rs.getLong(1) : 0;
                    if (rs.wasNull() || oldest == 0) {
                        return Optional.of(Duration.ZERO);
                    }
                    Duration age = Duration.between(Instant.ofEpochSecond(oldest), clock.instant());
                    return Optional.of(age.isNegative() ? Duration.ZERO : age);
                }
            }
        } catch (SQLException | IntakeException e) {
            closeConnection();
            return Optional.empty();
        }
    }

    /** When the last pass finished; empty before the first. */
    public Optional<Instant> lastPass() {
        return Optional.ofNullable(lastPass);
    }

    /** The current trouble in one line (database missing or unreadable); empty when all is well. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The watermark reached so far. */
    public synchronized Watermark watermark() {
        return watermark == null ? store.load() : watermark;
    }

    /** Catches up and keeps reading on a background thread until {@link #close()}. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("intake already started");
        }
        running = true;
        thread = new Thread(this::loop, "saslfail-intake");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Passes until {@link #close()}: after each success it waits for the database to change (or the
     * poll), after a failure it waits the poll interval whatever changes meanwhile. A failing sink (the
     * store is away) is not mended by fail2ban's next ban, and retrying at every change of the directory
     * would spin through a wave, and through the daemon's own log if it is written there.
     */
    private void loop() {
        while (running) {
            try {
                pass();
                if (reported != null) {
                    LOG.log(System.Logger.Level.INFO,
                            "ban intake: working again; what waited in fail2ban's database was handed on in order");
                    reported = null;
                }
            } catch (IntakeException e) {
                // already logged once by fail(); keep trying
                sleepQuietly();
                continue;
            } catch (Throwable e) {
                // an Error too (a StackOverflowError in a listener): the thread must live on, and say so
                problem = "ban intake failed: " + BackgroundTask.describe(e);
                report(System.Logger.Level.ERROR, problem + "; the bans wait in fail2ban's database, retried every "
                        + poll.toMillis() + " ms", e);
                sleepQuietly();
                continue;
            }
            waitForChange();
        }
    }

    /** Logs a failure unless it is the one logged last; the events wait in fail2ban's database meanwhile. */
    private void report(System.Logger.Level level, String message, Throwable cause) {
        if (!message.equals(reported)) {
            LOG.log(level, message, cause);
            reported = message;
        }
    }

    /** Sleeps until the database's directory reports a change or the poll interval passes. */
    private void waitForChange() {
        try {
            if (watcher == null && Files.isDirectory(db.getParent())) {
                watcher = FileSystems.getDefault().newWatchService();
                db.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
            if (watcher == null) {
                Thread.sleep(poll.toMillis());
                return;
            }
            WatchKey key = watcher.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                if (!key.reset()) {
                    watcher.close(); // the directory went away; watch it again once it is back
                    watcher = null;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            running = false;
        } catch (IOException e) {
            watcher = null;
            sleepQuietly();
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Opens the database read-only, again when fail2ban replaced the file; false when it does not exist. */
    private boolean open() {
        Object key;
        try {
            key = Files.readAttributes(db, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            closeConnection();
            String msg = "fail2ban's database " + db + " does not exist (yet); waiting for fail2ban";
            if (!msg.equals(problem)) {
                LOG.log(System.Logger.Level.WARNING, msg);
            }
            problem = msg;
            return false;
        }
        if (connection != null && Objects.equals(key, openedFileKey)) {
            return true;
        }
        closeConnection();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(2000);
        // a pass reads a few pages past the watermark; fail2ban's database may be large
        config.setCacheSize(-512);
        try {
            connection = config.createConnection("jdbc:sqlite:" + db);
            openedFileKey = key;
            return true;
        } catch (SQLException e) {
            throw fail("cannot open fail2ban's database " + db + " read-only: " + e.getMessage(), e);
        }
    }

    private IntakeException fail(String message, Exception cause) {
        report(System.Logger.Level.WARNING, message, null);
        problem = message;
        return new IntakeException(message, cause);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a read-only connection loses nothing
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                if (watcher != null) {
                    watcher.close();
                }
            } catch (IOException ignored) {
                // nothing to release beyond this
            }
            watcher = null;
            closeConnection();
        }
    }
}
