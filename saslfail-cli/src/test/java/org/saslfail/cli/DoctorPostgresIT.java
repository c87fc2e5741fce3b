package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saslfail doctor} on a real PostgreSQL store: it reaches the server, states the schema
 * version and what the role may do; a role that may only read is told which grants it lacks; an
 * unreachable server is one FAIL line; each with exit 1 when anything fails.
 */
class DoctorPostgresIT {
    private static final Path SCRIPT = Path.of("../testbed/postgres.sh").toAbsolutePath().normalize();
    private static final String DB = "saslfail_doctor_it";
    private static final String READER = "saslfail_doctor_reader";
    private static String url;

    @TempDir
    static Path dir;

    private static String postgres(String cmd) throws Exception {
        Process p = new ProcessBuilder(SCRIPT.toString(), cmd, DB).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @BeforeAll
    static void database() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (testbed/postgres.sh)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")), "PostgreSQL is not installed");
        url = postgres("up");
        sql("DROP ROLE IF EXISTS " + READER);
        org.saslfail.store.OffenseStores.open(url).close(); // the schema, as the daemon would have made it
    }

    @AfterAll
    static void drop() throws Exception {
        if (url != null) {
            postgres("drop");
            try (Connection c = DriverManager.getConnection(url.replace("/" + DB + "?", "/postgres?"));
                 Statement st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + READER);
            }
        }
    }

    /** A config whose fail2ban is nowhere: doctor's store lines are what this test reads. */
    private static Path config(String database, String passwordFile) throws Exception {
        Path conf = dir.resolve("saslfail-" + System.nanoTime() + ".conf");
        Files.writeString(conf, "database = " + database + "\n"
                + (passwordFile == null ? "" : "database.password_file = " + passwordFile + "\n")
                + "fail2ban.socket = " + dir.resolve("no-f2b.sock") + "\nfail2ban.db = " + dir.resolve("no-f2b.sqlite3") + "\n");
        return conf;
    }

    private static List<String> lines(Cli r, String check) {
        return r.out().lines().filter(l -> l.matches("(ok|FAIL) " + check + ": .*")).toList();
    }

    @Test
    void aReachableStoreStatesItsSchemaAndWhatItsRoleMayDo() throws Exception {
        Cli r = Cli.run("doctor", "--config", config(url, null).toString());
        assertEquals(1, r.code(), "fail2ban is nowhere: " + r);
        assertTrue(lines(r, "store").get(0).matches("ok store: jdbc:postgresql://localhost:5432/" + DB
                + "\\?user=root&password=\\*\\*\\* is writable"), r.toString());
        assertEquals(1, lines(r, "schema").size(), r.toString());
        assertTrue(lines(r, "schema").get(0).matches("ok schema: version \\d+ \\(the newest this saslfail knows\\)"), r.toString());
        List<String> privileges = lines(r, "privileges");
        assertEquals(1, privileges.size(), r.toString());
        assertTrue(privileges.get(0).matches("ok privileges: role root may read and write all \\d+ tables of schema public;"
                + " it is a superuser: far more than saslfail needs \\(README, Security\\)"), r.toString());
        assertTrue(r.out().contains("FAIL fail2ban: "), r.toString());
    }

    @Test
    void aRoleThatMayOnlyReadIsToldWhichGrantsItLacks() throws Exception {
        sql("CREATE ROLE " + READER + " LOGIN PASSWORD 'reader-pw'", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
        Path password = dir.resolve("reader.password");
        Files.writeString(password, "reader-pw\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        String readerUrl = "jdbc:postgresql://localhost:5432/" + DB + "?user=" + READER;
        Cli r = Cli.run("doctor", "--config", config(readerUrl, password.toString()).toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(lines(r, "store").get(0).startsWith("FAIL store: " + readerUrl + ": cannot write"), r.toString());
        String line = lines(r, "privileges").get(0);
        assertTrue(line.startsWith("FAIL privileges: role " + READER + " lacks INSERT on "), line);
        assertTrue(line.contains("INSERT on daemon_heartbeat, UPDATE on daemon_heartbeat, DELETE on daemon_heartbeat,"), line);
        assertTrue(line.endsWith(" in schema public (grant them as README, Security shows)"), line);
        assertTrue(!line.contains("SELECT on"), line);
    }

    @Test
    void anUnreachableServerIsOneFailLine() throws Exception {
        Cli r = Cli.run("doctor", "--config", config("jdbc:postgresql://localhost:1/none?user=root&connectTimeout=2", null).toString());
        assertEquals(1, r.code(), r.toString());
        List<String> store = lines(r, "store");
        assertEquals(1, store.size(), r.toString());
        assertTrue(store.get(0).startsWith("FAIL store: jdbc:postgresql://localhost:1/none?user=root&connectTimeout=2: cannot connect: "),
                r.toString());
        assertEquals(List.of(), lines(r, "schema"), "nothing more is asked of a store that does not answer");
    }
}
