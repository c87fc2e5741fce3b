package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit code 2 is for usage and configuration errors only; data and runtime failures are 1. A blank
 * path option is a usage error, never "the default path".
 */
class ExitCodesTest {
    @TempDir Path dir;

    private Path store() throws IOException {
        Path log = dir.resolve("f2b.log");
        Files.writeString(log, "2026-03-01 10:00:00,000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban 203.0.113.9\n");
        Path db = dir.resolve("s.db");
        Cli r = Cli.run("replay", "--db", db.toString(), "--config", config().toString(), log.toString());
        assertEquals(0, r.code(), r.toString());
        return db;
    }

    private Path config() throws IOException {
        Path c = dir.resolve("saslfail.conf");
        if (!Files.exists(c)) {
            Files.writeString(c, "# defaults\n");
        }
        return c;
    }

    @Test
    void aCorruptRowInTheStoreIsARuntimeFailureNotAUsageError() throws IOException, SQLException {
        Path db = store();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE events SET ip = 'not-an-address'");
        }
        Cli r = Cli.run("list", "--db", db.toString(), "--config", config().toString());
        assertEquals(Errors.RUNTIME, r.code(), r.toString());
        assertTrue(r.err().startsWith("saslfail: "), r.toString());
    }

    @Test
    void aBadAddressArgumentIsStillAUsageError() throws IOException {
        Path db = store();
        assertEquals(Errors.USAGE, Cli.run("show", "--db", db.toString(), "--config", config().toString(), "nonsense").code());
        assertEquals(Errors.USAGE, Cli.run("list", "--db", db.toString(), "--config", config().toString(), "--ip", "1.2.3").code());
        assertEquals(Errors.USAGE, Cli.run("replay", "--db", db.toString(), "--config", config().toString(),
                "--jail", "bad jail;", dir.resolve("f2b.log").toString()).code());
    }

    @Test
    void showRefusesANetworkWiderThanACommandMayName() throws IOException {
        Path db = store();
        Cli r = Cli.run("show", "--db", db.toString(), "--config", config().toString(), "1.2.3.4/0");
        assertEquals(Errors.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("wider than /16"), r.toString());
        assertEquals(Errors.USAGE, Cli.run("show", "--db", db.toString(), "--config", config().toString(), "2001:db8::/16").code());
        assertEquals(0, Cli.run("show", "--db", db.toString(), "--config", config().toString(), "203.0.113.0/24").code());
    }

    @Test
    void anEmptyDbIsAUsageErrorAndCreatesNothing() throws IOException {
        Path log = dir.resolve("f2b.log");
        Files.writeString(log, "2026-03-01 10:00:00,000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban 203.0.113.9\n");
        Path conf = dir.resolve("saslfail.conf");
        Path wouldBeUsed = dir.resolve("from-config.db");
        Files.writeString(conf, "database = " + wouldBeUsed + "\n");
        for (String blank : new String[] {"", "  "}) {
            Cli r = Cli.run("replay", "--db", blank, "--config", conf.toString(), log.toString());
            assertEquals(Errors.USAGE, r.code(), r.toString());
            assertTrue(r.err().contains("--db"), r.toString());
            assertFalse(Files.exists(wouldBeUsed), "the configured store was not touched");
        }
    }

    @Test
    void blankPathOptionsAndParametersAreUsageErrors() throws IOException {
        Path db = store();
        String[][] runs = {
            {"status", "--config", "", "--db", db.toString()},
            {"status", "--config", " ", "--db", db.toString()},
            {"replay", "--db", db.toString(), ""},
            {"import-legacy", "--db", db.toString(), " "},
            {"blacklist", "--db", db.toString(), "--out", ""},
            {"fail2ban", "write-config", "--dest", ""},
            {"install", "--yes", "--config-dir", ""},
            {"install", "--yes", "--db", " "},
        };
        for (String[] args : runs) {
            Cli r = Cli.run(args);
            assertEquals(Errors.USAGE, r.code(), String.join(" ", args) + "\n" + r);
            assertTrue(r.err().contains("empty"), String.join(" ", args) + "\n" + r);
        }
    }

    @Test
    void aConfigFileThatIsNotUtf8NamesFileAndLine() throws IOException {
        Path conf = dir.resolve("latin1.conf");
        Files.write(conf, "ladder = 48h\n# Gr\u00fc\u00dfe\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Cli r = Cli.run("status", "--config", conf.toString(), "--db", dir.resolve("x.db").toString());
        assertEquals(Errors.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains(conf + ", line 2: not UTF-8 text"), r.toString());
    }
}
