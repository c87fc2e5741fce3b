package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input: one clear line, a non-zero exit, and the store as it was. */
class BadInputIT {
    @TempDir Path dir;

    private static void assertOneLine(Cli r, int code, String expected) {
        assertEquals(code, r.code(), r.toString());
        assertTrue(r.err().contains(expected), r.toString());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("saslfail: "), r.err());
    }

    private Path log() throws IOException {
        Path f = dir.resolve("f2b.log");
        Files.writeString(f, "2026-03-01 10:00:00,000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban 203.0.113.9\n");
        return f;
    }

    @Test
    void missingLogFileIsNamed() {
        Path missing = dir.resolve("nope.log");
        assertOneLine(Cli.run("replay", "--db", dir.resolve("s.db").toString(), missing.toString()), 2,
                "cannot read log file " + missing + " (no such file)");
        assertTrue(Files.notExists(dir.resolve("s.db")), "nothing created");
    }

    @Test
    void unreadableFileIsNamed() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads everything; see directoryGivenAsLog");
        Path f = log();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assertOneLine(Cli.run("replay", "--db", dir.resolve("s.db").toString(), f.toString()), 2, "not a readable file");
    }

    @Test
    void directoryGivenAsLogIsNamed() {
        assertOneLine(Cli.run("replay", "--db", dir.resolve("s.db").toString(), dir.toString()), 2,
                "cannot read log file " + dir + " (not a readable file)");
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndLeftAlone() throws IOException {
        Path notDb = dir.resolve("notes.txt");
        Files.writeString(notDb, "these are my notes, not a database\n".repeat(200));
        byte[] before = Files.readAllBytes(notDb);
        Cli r = Cli.run("replay", "--db", notDb.toString(), log().toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains(notDb.toString()) && r.err().contains("not an SQLite database"), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        // the reports reach the store through Guice: the same one line, not Guice's report around it
        Cli status = Cli.run("status", "--db", notDb.toString());
        assertEquals(1, status.code(), status.toString());
        assertEquals("saslfail: " + notDb + ": not an SQLite database", status.err().strip());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(notDb));
    }

    @Test
    void aDatabaseFromANewerSaslfailIsRefusedAndLeftAlone() throws IOException, SQLException {
        Path db = dir.resolve("s.db");
        assertEquals(0, Cli.run("replay", "--db", db.toString(), log().toString()).code());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version (version, description, applied_at_ms) VALUES (99, 'from the future', 0)");
        }
        String before = Cli.run("list", "--db", db.toString(), "--json").out();
        Cli r = Cli.run("status", "--db", db.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("schema 99") && r.err().contains("upgrade saslfail"), r.toString());
        assertTrue(before.isEmpty(), "list refuses too: " + before);
    }

    @Test
    void unknownConfigKeyNamesFileLineAndKey() throws IOException {
        Path conf = dir.resolve("saslfail.conf");
        Files.write(conf, List.of("# mine", "ladder = 48h, 8d", "bantime = 1d"));
        assertOneLine(Cli.run("status", "--config", conf.toString(), "--db", dir.resolve("s.db").toString()), 2,
                conf + ", line 3, key 'bantime': unknown key");
    }

    @Test
    void badDurationNamesFileLineKeyAndValue() throws IOException {
        Path conf = dir.resolve("saslfail.conf");
        Files.write(conf, List.of("ladder = 48h, 8 days"));
        assertOneLine(Cli.run("replay", "--config", conf.toString(), "--db", dir.resolve("s.db").toString(), log().toString()), 2,
                conf + ", line 1, key 'ladder': bad duration \"8 days\"");
        assertTrue(Files.notExists(dir.resolve("s.db")), "nothing created");
    }

    @Test
    void missingExplicitConfigIsAnError() {
        Path conf = dir.resolve("absent.conf");
        assertOneLine(Cli.run("status", "--config", conf.toString()), 2, "config file " + conf + " does not exist");
    }

    @Test
    void reportsOnAMissingDatabaseSaySoInsteadOfCreatingIt() {
        Path db = dir.resolve("missing.db");
        assertOneLine(Cli.run("status", "--db", db.toString()), 2, "no saslfail database at " + db);
        assertTrue(Files.notExists(db));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, Cli.run("show", "not-an-address", "--db", dir.resolve("s.db").toString()).code());
        assertEquals(2, Cli.run("list", "--since", "last tuesday").code());
        assertEquals(2, Cli.run("frobnicate").code());
        assertEquals(2, Cli.run("replay", "--tz", "Mars/Olympus", "x").code());
    }

    @Test
    void helpAndVersionExitZero() {
        Cli help = Cli.run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("replay") && help.out().contains("import-legacy"), help.out());
        assertEquals(0, Cli.run("--version").code());
        assertEquals(0, Cli.run("report", "summary", "--help").code());
    }
}
