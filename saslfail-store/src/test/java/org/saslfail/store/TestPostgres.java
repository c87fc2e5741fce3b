package org.saslfail.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A fresh PostgreSQL database per test class, made and dropped by testbed/postgres.sh. */
final class TestPostgres {
    private static final Path SCRIPT = Path.of("../testbed/postgres.sh").toAbsolutePath().normalize();

    private final String name;
    private final String url;

    private TestPostgres(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** Creates the database, or skips the test when not root or PostgreSQL is not installed. */
    static TestPostgres create() throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "PostgreSQL tests need root (testbed/postgres.sh)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")), "PostgreSQL is not installed (pg_ctlcluster missing)");
        String name = "saslfail_it_" + ProcessHandle.current().pid() + "_" + Math.abs(ThreadLocalRandom.current().nextInt());
        String out = run("up", name);
        String[] lines = out.strip().split("\n");
        return new TestPostgres(name, lines[lines.length - 1].strip());
    }

    String url() {
        return url;
    }

    /**
     * Empties every table of the schema but its version, so each test starts from a migrated,
     * empty store whatever tables later migrations add (running totals included).
     */
    void empty() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.isEmpty()) { // not migrated yet: nothing to empty
                st.execute("TRUNCATE " + String.join(", ", tables));
            }
        }
    }

    void drop() throws IOException, InterruptedException {
        run("drop", name);
    }

    private static String run(String cmd, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(SCRIPT.toString(), cmd, name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(SCRIPT + " " + cmd + " " + name + " failed: " + out);
        }
        return out;
    }
}
