package org.saslfail.store;

import org.saslfail.exec.SecretFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.sqlite.SQLiteConfig;

/** One open JDBC connection to the store's database, with its dialect and a printable location. */
final class Database implements AutoCloseable {
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final int SQLITE_NOTADB = 26;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final int SQLITE_BUSY = 5;
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-x---");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");

    private final Connection connection;
    private final SQLDialect dialect;
    private final String location;
    /** Opens another connection the way this one was opened (credentials, session settings); null for SQLite. */
    private final Connector connector;

    /** Opens a PostgreSQL connection, ready for saslfail's queries. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    private Database(Connection connection, SQLDialect dialect, String location, Connector connector) {
        this.connection = connection;
        this.dialect = dialect;
        this.location = location;
        this.connector = connector;
    }

    /**
     * A second connection to the same PostgreSQL database, for a listener that blocks on it
     * (LISTEN/NOTIFY); the caller closes it.
     */
    Connection connectAgain() throws SQLException {
        if (isSqlite()) {
            throw new IllegalStateException("a second connection is for PostgreSQL only");
        }
        return connector.open();
    }

    static Database connect(String setting) {
        return connect(setting, null);
    }

    /** @param passwordFile where the PostgreSQL password is ({@code database.password_file}); null when none */
    static Database connect(String setting, Path passwordFile) {
        String s = setting == null || setting.isBlank() ? OffenseStores.DEFAULT_DATABASE : setting.strip();
        if (s.startsWith(POSTGRES_PREFIX)) {
            return postgres(s, passwordFile);
        }
        if (s.startsWith(SQLITE_PREFIX)) {
            String rest = s.substring(SQLITE_PREFIX.length());
            int query = rest.indexOf('?');
            return sqlite(query < 0 ? rest : rest.substring(0, query));
        }
        if (s.startsWith("jdbc:")) {
            throw new StoreException(redact(s) + ": unsupported database URL (use a file path, jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB)");
        }
        return sqlite(s);
    }

    Connection connection() {
        return connection;
    }

    SQLDialect dialect() {
        return dialect;
    }

    String location() {
        return location;
    }

    boolean isSqlite() {
        return dialect == SQLDialect.SQLITE;
    }

    /** A one-line store error naming this database. */
    StoreException failure(String what, Exception cause) {
        String detail = cause == null ? "" : ": " + oneLine(cause);
        return new StoreException(location + ": " + what + detail, cause);
    }

    /** Finishes opening an SQLite database once its schema is known to be ours: WAL, one writer many readers. */
    void enableWal() throws SQLException {
        try (Statement st = connection.createStatement()) {
            switchToWal(st);
            // NORMAL is durable against crashes in WAL mode; only a power cut may lose the last commits.
            st.execute("PRAGMA synchronous=NORMAL");
            // Up to 64 MB of pages (allocated only as used): the key and address indexes take
            // inserts all over, and a 2 MB cache makes a large import re-read them from disk.
            st.execute("PRAGMA cache_size=-65536");
        }
    }

    /**
     * WAL is a property of the file, so the switch happens once. Two processes opening a new file
     * at the same moment both try it, and SQLite answers the loser SQLITE_BUSY at once, without
     * its busy handler: the loser retries until the busy timeout.
     */
    private static void switchToWal(Statement st) throws SQLException {
        long deadline = System.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
        while (true) {
            try {
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    if (rs.next() && "wal".equalsIgnoreCase(rs.getString(1))) {
                        return;
                    }
                }
                st.execute("PRAGMA journal_mode=WAL");
                return;
            } catch (SQLException e) {
                if ((e.getErrorCode() & 0xff) != SQLITE_BUSY || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the database was busy", e);
            }
        }
    }

    /** Caps this connection's page cache (SQLite only: PostgreSQL caches in the server). */
    void limitPageCache(int kibibytes) {
        if (kibibytes <= 0) {
            throw new IllegalArgumentException("page cache must be at least 1 KiB, got " + kibibytes);
        }
        if (isSqlite()) {
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA cache_size=-" + kibibytes);
            } catch (SQLException e) {
                throw failure("cannot set the page cache", e);
            }
        }
    }

    static boolean isNotADatabase(SQLException e) {
        return e.getErrorCode() == SQLITE_NOTADB
                || String.valueOf(e.getMessage()).contains("file is not a database");
    }

    /** Runs a read, turning a database failure into a one-line {@link StoreException}. */
    <T> T read(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            throw failure("cannot read", e);
        }
    }

    /** A unit of work that may fail in JDBC. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: all of it is written, or none of it. Joins a transaction
     * already open. The one way saslfail runs a transaction: whatever ends the work early (an
     * {@link Error} too, such as running out of memory) rolls it back; ending the transaction never
     * commits by the way (JDBC drivers commit an open transaction when auto-commit is switched back
     * on), and a connection whose rollback failed is closed, which ends the transaction on the server.
     */
    <T> T transaction(Work<T> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return work.run();
        }
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            T result = work.run();
            connection.commit();
            committed = true;
            return result;
        } finally {
            if (committed || rolledBack()) {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Rolls the open transaction back; false when that failed and the connection was closed instead
     * (a PostgreSQL store opens a new one at its next call), so that nothing commits it later.
     */
    private boolean rolledBack() {
        try {
            connection.rollback();
            return true;
        } catch (SQLException | RuntimeException e) {
            close();
            return false;
        }
    }

    /** Runs {@code work} as {@link #transaction}, turning a database failure into a one-line {@link StoreException}. */
    <T> T write(Work<T> work) {
        try {
            return transaction(work);
        } catch (SQLException | DataAccessException e) {
            throw failure("cannot write", e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing after a failure: the first error is the one worth reporting
        }
    }

    private static Database sqlite(String pathText) {
        if (pathText.isEmpty() || pathText.equals(":memory:") || pathText.startsWith("file:")) {
            throw new StoreException(SQLITE_PREFIX + pathText + ": the SQLite store needs a plain file path");
        }
        Path file = Paths.get(pathText).toAbsolutePath().normalize();
        // a new or empty file only: an existing one is checked (foreign, newer) before anything writes to it
        boolean fresh = !Files.exists(file) || sizeOf(file) == 0;
        prepareFile(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // A writer takes the write lock when its transaction begins, so two writers queue up
        // instead of one failing with SQLITE_BUSY halfway through.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try {
            // straight to the SQLite driver: DriverManager would first load and start every JDBC
            // driver on the class path (PostgreSQL's too) on each start of the command
            Connection c = config.createConnection(SQLITE_PREFIX + file);
            if (fresh) {
                try (Statement st = c.createStatement()) {
                    // takes effect in a new file only: the retention prune can then give space back in small steps
                    st.execute("PRAGMA auto_vacuum=INCREMENTAL");
                }
            }
            return new Database(c, SQLDialect.SQLITE, file.toString(), null);
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot open: " + oneLine(e), e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1; // unreadable: the open reports it
        }
    }

    private static void prepareFile(Path file) {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new StoreException(file + ": " + dir + " is not a directory");
            }
            if (!file.equals(Paths.get(OffenseStores.DEFAULT_DATABASE))) {
                throw new StoreException(file + ": directory " + dir + " does not exist");
            }
            try {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, DIR_MODE);
            } catch (IOException | UnsupportedOperationException e) {
                throw new StoreException(file + ": cannot create directory " + dir + ": " + oneLine(e), e);
            }
        }
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
                Files.setPosixFilePermissions(file, FILE_MODE);
                return;
            } catch (FileAlreadyExistsException e) {
                // created by a concurrent saslfail: use it
            } catch (AccessDeniedException e) {
                throw new StoreException(file + ": cannot create (permission denied)", e);
            } catch (IOException | UnsupportedOperationException e) {
                throw new StoreException(file + ": cannot create: " + oneLine(e), e);
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new StoreException(file + ": cannot read (permission denied)");
        }
        if (!Files.isWritable(file)) {
            throw new StoreException(file + ": cannot write (permission denied)");
        }
    }

    private static final String PASSWORD_FILE = "database.password_file";

    private static Database postgres(String url, Path passwordFile) {
        java.util.Properties props = new java.util.Properties();
        if (passwordFile != null) {
            if (!redact(url).equals(url)) {
                throw new org.saslfail.core.config.ConfigException(PASSWORD_FILE + " is set, but the database URL "
                        + redact(url) + " holds a password too: keep it in the file only");
            }
            try {
                props.setProperty("password", SecretFile.firstLine(passwordFile));
            } catch (SecretFile.RefusedException e) {
                throw new org.saslfail.core.config.ConfigException(PASSWORD_FILE + " " + e.getMessage());
            }
        }
        try {
            Connector connector = () -> {
                Connection c = DriverManager.getConnection(url, props);
                try (Statement st = c.createStatement()) {
                    if (c.getMetaData().getDatabaseMajorVersion() >= 11) {
                        // saslfail's queries are index lookups that return at once; JIT-compiling them took
                        // 0.3 s of the 1.2 s status query on 10,000,000 offenses (bench/fleet/reports-pg.sh)
                        st.execute("SET jit = off");
                    }
                } catch (SQLException e) {
                    c.close();
                    throw e;
                }
                return c;
            };
            // a reconnection and the fleet's listening connection are opened as the first one was
            return new Database(ReconnectingConnection.wrap(connector, connector.open()), SQLDialect.POSTGRES,
                    redact(url), connector);
        } catch (SQLException e) {
            throw new StoreException(redact(url) + ": cannot connect: " + oneLine(e), e);
        }
    }

    /** The URL without the value of a password parameter. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
