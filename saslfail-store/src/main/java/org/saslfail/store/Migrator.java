package org.saslfail.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a database to the newest schema this saslfail knows, or refuses it.
 *
 * <p>Migrations are the scripts {@code db/migration/V<n>__<what>.sql} listed, in order, in
 * {@code db/migration/INDEX}. Each is applied in its own transaction together with its row in
 * {@code schema_version}, so a failed migration leaves the previous version intact. A small
 * explicit migrator instead of Flyway keeps the CLI's start-up short: an up-to-date database
 * costs two queries.
 */
final class Migrator {
    static final String DIRECTORY = "db/migration/";
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");
    /** Serialises concurrent migrations of one PostgreSQL database (an arbitrary constant). */
    private static final long PG_LOCK = 0x5a51f411L;
    /** PostgreSQL's SQLSTATE for "permission denied". */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final Database db;

    Migrator(Database db) {
        this.db = db;
    }

    /** One migration script. */
    record Migration(int version, String description, String resource) {
    }

    /** The migrations in the INDEX, checked to be numbered 1, 2, 3, … */
    static List<Migration> known() {
        List<Migration> list = new ArrayList<>();
        for (String line : readResource(DIRECTORY + "INDEX").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches() || Integer.parseInt(m.group(1)) != list.size() + 1) {
                throw new IllegalStateException(DIRECTORY + "INDEX: expected V" + (list.size() + 1) + "__<what>.sql, got " + name);
            }
            list.add(new Migration(list.size() + 1, m.group(2).replace('_', ' '), DIRECTORY + name));
        }
        return list;
    }

    static int newestKnown() {
        return known().size();
    }

    /** Migrates; throws {@link StoreException} on a newer, foreign or broken database, changing nothing. */
    void migrate() {
        List<Migration> migrations = known();
        Connection c = db.connection();
        try {
            int current = currentVersion(c);
            checkNotNewer(current, migrations.size());
            if (db.isSqlite()) {
                db.enableWal();
            }
            if (current == migrations.size()) {
                return;
            }
            db.transaction(() -> {
                if (!db.isSqlite()) {
                    try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        st.setLong(1, PG_LOCK);
                        st.execute();
                    }
                }
                // another process may have migrated while we waited for the lock
                int found = currentVersion(c);
                checkNotNewer(found, migrations.size());
                for (Migration m : migrations.subList(found, migrations.size())) {
                    apply(c, m);
                }
                return null;
            });
        } catch (SQLException e) {
            if (Database.isNotADatabase(e)) {
                throw db.failure("not an SQLite database", null);
            }
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw db.failure("the schema needs migrating to version " + migrations.size()
                        + ", which this database role may not do: run one saslfail command (saslfail doctor) once with"
                        + " the schema owner's role (README, Security)", e);
            }
            throw db.failure("cannot migrate the schema", e);
        }
    }

    private void checkNotNewer(int current, int newest) {
        if (current > newest) {
            throw db.failure("db was written by saslfail schema " + current + "; this saslfail knows up to "
                    + newest + " — upgrade saslfail", null);
        }
    }

    /** The privileges saslfail needs on every table of its schema (no more: see README, Security). */
    static final List<String> TABLE_PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE", "DELETE");

    /** The schema version, and on PostgreSQL what the role lacks of {@link #TABLE_PRIVILEGES} or has beyond them. */
    StoreCheck check() throws SQLException {
        Connection c = db.connection();
        int version = currentVersion(c);
        if (db.isSqlite()) {
            return new StoreCheck(version, newestKnown(), java.util.Optional.empty(), "main", 0, List.of(), false, true);
        }
        List<String> missing = new ArrayList<>();
        int tables = 0;
        String role;
        String schema;
        boolean superuser;
        boolean create;
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT current_user, current_schema(), (SELECT rolsuper FROM pg_roles"
                    + " WHERE rolname = current_user), has_schema_privilege(current_schema(), 'CREATE')")) {
                rs.next();
                role = rs.getString(1);
                schema = rs.getString(2);
                superuser = rs.getBoolean(3);
                create = rs.getBoolean(4);
            }
            StringBuilder privs = new StringBuilder();
            for (String p : TABLE_PRIVILEGES) {
                privs.append(", has_table_privilege(c.oid, '").append(p).append("')");
            }
            try (ResultSet rs = st.executeQuery("SELECT c.relname" + privs + " FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname")) {
                while (rs.next()) {
                    tables++;
                    for (int i = 0; i < TABLE_PRIVILEGES.size(); i++) {
                        if (!rs.getBoolean(i + 2)) {
                            missing.add(TABLE_PRIVILEGES.get(i) + " on " + rs.getString(1));
                        }
                    }
                }
            }
        }
        return new StoreCheck(version, newestKnown(), java.util.Optional.of(role), schema, tables, missing, superuser, create);
    }

    /** The applied schema version; 0 for an empty database. */
    int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean hasVersionTable;
            if (db.isSqlite()) {
                int tables = 0;
                hasVersionTable = false;
                try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                    while (rs.next()) {
                        tables++;
                        hasVersionTable |= "schema_version".equals(rs.getString(1));
                    }
                }
                if (!hasVersionTable && tables > 0) {
                    throw db.failure("an SQLite database, but not saslfail's (it has tables but no schema_version)", null);
                }
            } else {
                // a catalog query, not to_regclass(): that may answer from a cache that predates
                // the migration another process committed while we waited for the lock
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_catalog.pg_tables"
                        + " WHERE schemaname = current_schema() AND tablename = 'schema_version'")) {
                    hasVersionTable = rs.next() && rs.getInt(1) > 0;
                }
            }
            if (!hasVersionTable) {
                return 0;
            }
            try (ResultSet rs = st.executeQuery("SELECT max(version) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private void apply(Connection c, Migration m) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements(readResource(m.resource()))) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new SQLException(m.resource() + ": " + Database.oneLine(e), e.getSQLState(), e.getErrorCode(), e);
        }
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO schema_version (version, description, applied_at_ms) VALUES (?, ?, ?)")) {
            st.setInt(1, m.version());
            st.setString(2, m.description());
            st.setLong(3, System.currentTimeMillis());
            st.executeUpdate();
        }
    }

    /**
     * Splits a script at the semicolons that end lines, dropping "--" comments and lines that
     * are one block comment such as jOOQ's ignore markers (scripts hold no semicolons in strings).
     */
    static List<String> statements(String script) {
        StringBuilder clean = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().matches("/\\*.*\\*/")) {
                continue;
            }
            int comment = line.indexOf("--");
            clean.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String part : clean.toString().split(";\\s*\n")) {
            String sql = part.strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1).strip();
            }
            if (!sql.isEmpty()) {
                out.add(sql);
            }
        }
        return out;
    }

    private static String readResource(String name) {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            StringBuilder sb = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> sb.append(l).append('\n'));
            }
            return sb.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }
}
