package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** saslfail import-legacy on real SQLite files. */
class ImportLegacyIT {
    @TempDir Path dir;

    private Cli saslfail(Path db, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--db";
        all[args.length + 1] = db.toString();
        all[args.length + 2] = "--config";
        all[args.length + 3] = dir.resolve("none.conf").toString();
        try {
            Files.writeString(dir.resolve("none.conf"), "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Cli.run(all);
    }

    private Path legacy(String... rows) throws IOException {
        Path f = dir.resolve("bans.db");
        Files.write(f, List.of(rows));
        return f;
    }

    @Test
    void importsStrikesRestoresAndUnbansAndIsIdempotent() throws IOException {
        Path db = dir.resolve("s.db");
        Path f = legacy("timestamp|ip|jail|action|strike_level|notified",
                "2026-03-01 10:00:00|203.0.113.9|postfix-sasl-first|ban|1|1",
                "2026-03-02 10:00:00|203.0.113.9|postfix-sasl-first|unban|1|0",
                "2026-03-05 10:00:00|203.0.113.9|postfix-sasl-second|ban|2|1",
                "2026-03-06 10:00:00|203.0.113.9|postfix-sasl-second|restore-ban|2|0",
                "2026-03-07 10:00:00|2001:db8::7|dovecot-third|ban|3|1",
                "2026-03-07 11:00:00|192.168.0.4|dovecot-first|ban|1|1");
        Cli first = saslfail(db, "import-legacy", "--tz", "UTC", "--json", f.toString());
        assertTrue(first.out().startsWith("{\n  \"schema_version\": 1,\n  \"command\": \"import-legacy\""), first.out());
        assertEquals(0, first.code(), first.toString());
        String j = first.out().replaceAll("\\s+", "");
        assertTrue(j.contains("\"rows\":6"), j);
        assertTrue(j.contains("\"offenses\":3"), j);
        assertTrue(j.contains("\"restores\":1"), j);

        String show = saslfail(db, "show", "203.0.113.9", "--json").out().replaceAll("\\s+", "");
        assertTrue(show.contains("\"strike\":1,\"jail\":\"saslfail-postfix\""), show);
        assertTrue(show.contains("\"lifted_at\":\"2026-03-02T10:00:00Z\""), show);
        assertTrue(show.contains("\"strike\":2,\"jail\":\"saslfail-strike2\""), show);
        String v6 = saslfail(db, "show", "2001:db8::7", "--json").out().replaceAll("\\s+", "");
        assertTrue(v6.contains("\"strike\":3,\"jail\":\"saslfail-strike3\",\"service\":\"dovecot\""), v6);
        assertFalse(saslfail(db, "list", "--json").out().contains("192.168.0.4"));

        String before = saslfail(db, "list", "--json", "--limit", "100").out();
        Cli again = saslfail(db, "import-legacy", "--tz", "UTC", "--json", f.toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().replaceAll("\\s+", "").contains("\"recorded\":0"), again.out());
        assertEquals(before, saslfail(db, "list", "--json", "--limit", "100").out());
    }

    @Test
    void badRowsAreNamedByLineAndNothingIsImported() throws IOException {
        Path db = dir.resolve("s.db");
        Path good = legacy("2026-03-01 10:00:00|198.51.100.1|postfix-sasl-first|ban|1|1");
        assertEquals(0, saslfail(db, "import-legacy", good.toString()).code());
        String before = saslfail(db, "list", "--json").out();

        Path bad = legacy("timestamp|ip|jail|action|strike_level|notified",
                "2026-03-01 10:00:00|203.0.113.9|postfix-sasl-first|ban|1|1",
                "2026-03-01 10:00:00|203.0.113.999|postfix-sasl-first|ban|1|1",
                "2026-02-30 10:00:00|203.0.113.10|postfix-sasl-first|ban|1|1");
        Cli r = saslfail(db, "import-legacy", bad.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(bad + ", line 3: bad address"), r.err());
        assertTrue(r.err().contains(bad + ", line 4: bad timestamp"), r.err());
        assertTrue(r.err().contains("2 rows of " + bad + " did not parse; nothing was imported"), r.err());
        assertEquals(before, saslfail(db, "list", "--json").out(), "the store is as it was");

        Cli skip = saslfail(db, "import-legacy", "--skip-bad", "--json", bad.toString());
        assertEquals(0, skip.code(), skip.toString());
        assertTrue(skip.out().replaceAll("\\s+", "").contains("\"bad_rows_skipped\":2"), skip.out());
        assertTrue(saslfail(db, "list", "--json").out().contains("203.0.113.9"));
    }
}
