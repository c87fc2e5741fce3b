package org.saslfail.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;

/**
 * Waits for the fleet's decisions on a connection of its own that LISTENs on
 * {@link JooqFleetDecisions#CHANNEL}: the store's connection stays free for the daemon's writes
 * while this one blocks. When the connection is lost (PostgreSQL restarted), the wait ends after a
 * short pause, so the caller reads the decision log at once, and the next wait connects again; when
 * it cannot connect, a wait just sleeps (the caller then reads the decision log anyway: a slow poll).
 */
final class FleetListener implements AutoCloseable {
    /** How long a wait whose connection broke pauses before it returns: no spin, and no blind minute. */
    static final Duration RELISTEN_PAUSE = Duration.ofSeconds(1);
    private final Database db;
    private volatile Connection listening;

    FleetListener(Database db) {
        this.db = db;
    }

    /** Starts listening, if not yet: notifications committed from now on wake the next {@link #await}. */
    boolean listen() {
        if (listening != null) {
            return true;
        }
        try {
            Connection c = db.connectAgain();
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN " + JooqFleetDecisions.CHANNEL);
            }
            listening = c;
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Blocks until a notification arrives or {@code wait} passes. */
    void await(Duration wait) throws InterruptedException {
        int millis = (int) Math.max(1, Math.min(wait.toMillis(), Integer.MAX_VALUE));
        Connection c = listening;
        if (c == null) {
            Thread.sleep(millis);
            return;
        }
        try {
            // returns as soon as one notification is there (queued ones at once)
            c.unwrap(PGConnection.class).getNotifications(millis);
        } catch (SQLException e) {
            // sleeping the whole wait here left a node blind to the others' decisions for up to the
            // slow poll after every restart of PostgreSQL, however short
            close();
            Thread.sleep(Math.min(millis, RELISTEN_PAUSE.toMillis()));
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    @Override
    public void close() {
        Connection c = listening;
        listening = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a broken connection: nothing more to do
            }
        }
    }
}
