package org.saslfail.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The notify store contract on the local PostgreSQL 15: a throw-away role with a password and
 * one fresh database per test, reached over TCP on loopback; all dropped afterwards.
 */
class PostgresNotifyStoreIT implements NotifyStoreContract {
    private static final String ROLE = "sfnotify_" + ProcessHandle.current().pid();
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static boolean roleCreated;
    private static int databases;
    private String database;
    private NotifyStore store;

    @BeforeAll
    static void createRole() throws Exception {
        assumeTrue(psql("SELECT 1") != null, "needs a running PostgreSQL reachable by psql as this user (testbed: "
                + "pg_ctlcluster 15 main start; su postgres -c \"createuser -s root\")");
        psqlOrFail("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
        roleCreated = true;
    }

    @AfterAll
    static void dropRole() throws Exception {
        if (roleCreated) {
            psqlOrFail("DROP ROLE IF EXISTS " + ROLE);
        }
    }

    @BeforeEach
    void open() throws Exception {
        database = ROLE + "_" + (++databases);
        psqlOrFail("CREATE DATABASE " + database + " OWNER " + ROLE);
        store = NotifyStores.open(url());
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        psqlOrFail("DROP DATABASE IF EXISTS " + database);
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=" + ROLE + "&password=" + PASSWORD;
    }

    @Override
    public NotifyStore notifyStore() {
        return store;
    }

    @Override
    public OffenseStore openOffenseStore() {
        return OffenseStores.open(url());
    }

    /** Runs one statement with psql on the maintenance database; null when psql fails. */
    private static String psql(String sql) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", sql)
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    }

    private static void psqlOrFail(String sql) throws Exception {
        if (psql(sql) == null) {
            throw new IllegalStateException("psql failed: " + sql.replace(PASSWORD, "***"));
        }
    }
}
