package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.config.ConfigException;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.service.EscalationService;

/**
 * README's least-privilege roles, run exactly as README's Security section writes them (its two
 * {@code sql} blocks, with only the database's name changed) against a real PostgreSQL: the owner
 * migrates, then saslfail works as {@code saslfail_node} (record offenses, reports, heartbeat,
 * pending commands, known users, mail outbox) with its password in a {@code database.password_file},
 * while changing the schema is refused, and a schema left behind is refused with a message that
 * says who must migrate it.
 */
class LeastPrivilegeRoleIT {
    private static final Path README = Path.of("../README.md").toAbsolutePath().normalize();
    private static final String DB = "saslfail_roles_it";
    private static final String OWNER_PASSWORD = "owner-" + System.nanoTime();
    private static final String NODE_PASSWORD = "node-" + System.nanoTime();
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static TestPostgres scratch;
    private static String adminBase;

    @TempDir
    static Path dir;

    /** The sql blocks of README's Security section, in order. */
    static List<String> readmeSql() throws Exception {
        String readme = Files.readString(README);
        int from = readme.indexOf("\n## Security\n");
        int to = readme.indexOf("\n## ", from + 5);
        assertTrue(from > 0 && to > from, "README has a Security section");
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(from, to));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static void run(String url, String script) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String sql : Migrator.statements(script)) {
                st.execute(sql);
            }
        }
    }

    private static void dropAll() throws SQLException {
        run(adminBase + "postgres?user=root&password=saslfail-test", "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE);\n"
                + "DROP ROLE IF EXISTS saslfail_node;\nDROP ROLE IF EXISTS saslfail_owner;\n");
    }

    @BeforeAll
    static void roles() throws Exception {
        scratch = TestPostgres.create(); // starts the cluster and its root role
        adminBase = scratch.url().substring(0, scratch.url().indexOf("5432/") + 5);
        dropAll();
        List<String> blocks = readmeSql();
        assertEquals(2, blocks.size(), "README's Security section: the cluster block and the database block");
        run(adminBase + "postgres?user=root&password=saslfail-test", blocks.get(0).replace("DATABASE saslfail", "DATABASE " + DB));
        run(adminBase + DB + "?user=root&password=saslfail-test", blocks.get(1).replace("DATABASE saslfail", "DATABASE " + DB));
        // what README's \password does, done here without a terminal
        run(adminBase + "postgres?user=root&password=saslfail-test", "ALTER ROLE saslfail_owner PASSWORD '" + OWNER_PASSWORD
                + "';\nALTER ROLE saslfail_node PASSWORD '" + NODE_PASSWORD + "';\n");
        try (OffenseStore owner = OffenseStores.open(url("saslfail_owner"), passwordFile("owner", OWNER_PASSWORD))) {
            assertEquals(Migrator.newestKnown(), owner.check().schemaVersion(), "the owner migrated the schema");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        if (scratch != null) {
            dropAll();
            scratch.drop();
        }
    }

    private static String url(String role) {
        return adminBase + DB + "?user=" + role;
    }

    private static Path passwordFile(String name, String password) throws Exception {
        Path f = dir.resolve(name + ".password");
        Files.writeString(f, password + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void theNodeRoleDoesEverythingTheDaemonDoesAndNothingMore() throws Exception {
        Settings settings = Settings.defaults();
        try (OffenseStore store = OffenseStores.open(url("saslfail_node"), passwordFile("node", NODE_PASSWORD));
             NotifyStore outbox = NotifyStores.open(url("saslfail_node"), passwordFile("node", NODE_PASSWORD))) {
            StoreCheck check = store.check();
            assertEquals("saslfail_node", check.role().orElseThrow());
            assertEquals("saslfail", check.schema());
            assertEquals(List.of(), check.missing(), "the node may read and write every table");
            assertFalse(check.superuser());
            assertFalse(check.mayChangeSchema(), "and may not change the schema");

            EscalationService engine = new EscalationService(new Escalator(settings.policy(List.of())), store, store,
                    DryRunJails.INSTANCE);
            Outcome first = engine.recordAll(BanEvent.ban("saslfail-postfix", "192.0.2.61", NOW.minus(Duration.ofDays(20)))).get(0);
            Outcome second = engine.recordAll(BanEvent.ban("saslfail-postfix", "192.0.2.61", NOW)).get(0);
            assertEquals(Outcome.Result.OFFENSE, first.result());
            assertEquals(2, second.offense().strike());
            assertEquals(1, store.activeBans(NOW.plusSeconds(1)).size());
            assertEquals(2, store.summary(NOW.plusSeconds(1)).offenses());

            DaemonStore state = store.daemon();
            state.beat(new DaemonStore.Heartbeat("mx1", 4242, NOW, NOW, Duration.ZERO, 0, "fail2ban reachable"));
            assertEquals(4242, state.heartbeat("mx1").orElseThrow().pid());
            state.putState("intake.watermark", "12 1700000000", NOW);
            state.pending(second.offense().jail(), second.offender(), DaemonStore.Op.BAN, NOW, NOW, "fail2ban down");
            assertEquals(1, state.pendingCount());
            state.done(second.offense().jail(), second.offender(), DaemonStore.Op.BAN);
            store.recordLogins(List.of(Login.of(org.saslfail.core.model.IpAddress.parse("192.0.2.62"), Service.POSTFIX,
                    "alice", NOW)));
            assertTrue(outbox.enqueue(new RenderedMail("k1", "saslfail@localhost", List.of("root@localhost"), "s", "t", "<p>t</p>"),
                    NOW));
            store.forget(IpPrefix.parse("192.0.2.61"));
            assertEquals(0, store.offensesWithin(IpPrefix.parse("192.0.2.61")).size(), "forget deletes as the node");
        }

        Properties node = new Properties();
        node.setProperty("password", NODE_PASSWORD);
        try (Connection c = DriverManager.getConnection(url("saslfail_node"), node); Statement st = c.createStatement()) {
            for (String forbidden : List.of("CREATE TABLE saslfail.extra (a INTEGER)", "CREATE TABLE public.extra (a INTEGER)",
                    "DROP TABLE offenses", "ALTER TABLE offenses ADD COLUMN extra INTEGER", "TRUNCATE offenses",
                    "CREATE INDEX extra ON offenses (ip)", "CREATE SCHEMA extra")) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(forbidden), forbidden);
                assertEquals("42501", e.getSQLState(), forbidden + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aPasswordFileOthersMayReadIsRefusedNamingTheKeyAndSoIsASecondPasswordInTheUrl() throws Exception {
        Path open = passwordFile("open", NODE_PASSWORD);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = assertThrows(ConfigException.class, () -> OffenseStores.open(url("saslfail_node"), open));
        assertEquals("database.password_file " + open + ": group or others may read it (rw-r--r--); make it readable"
                + " by its owner only: chmod 600 " + open, e.getMessage());
        ConfigException twice = assertThrows(ConfigException.class, () -> OffenseStores.open(
                url("saslfail_node") + "&password=" + NODE_PASSWORD, passwordFile("node", NODE_PASSWORD)));
        assertTrue(twice.getMessage().startsWith("database.password_file is set, but the database URL"), twice.getMessage());
        assertFalse(twice.getMessage().contains(NODE_PASSWORD), "the message never shows the password");
    }

    @Test
    void aNodeOnASchemaLeftBehindIsToldTheOwnerMustMigrateIt() throws Exception {
        Properties owner = new Properties();
        owner.setProperty("password", OWNER_PASSWORD);
        int newest = Migrator.newestKnown();
        try (Connection c = DriverManager.getConnection(url("saslfail_owner"), owner); Statement st = c.createStatement()) {
            // as if this saslfail were one migration newer than the schema: the node would have to run the last one
            st.execute("DELETE FROM schema_version WHERE version = " + newest);
        }
        try {
            StoreException e = assertThrows(StoreException.class,
                    () -> OffenseStores.open(url("saslfail_node"), passwordFile("node", NODE_PASSWORD)));
            assertTrue(e.getMessage().contains("the schema needs migrating to version " + newest
                    + ", which this database role may not do"), e.getMessage());
        } finally {
            try (Connection c = DriverManager.getConnection(url("saslfail_owner"), owner); Statement st = c.createStatement()) {
                st.execute("INSERT INTO schema_version (version, description, applied_at_ms) VALUES (" + newest + ", 'back', 0)");
            }
        }
    }
}
