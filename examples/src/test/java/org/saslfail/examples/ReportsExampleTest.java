package org.saslfail.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.IpPrefix;

class ReportsExampleTest {

    @Test
    void aReportingToolReadsRunningBansAndAnOffendersStandingFromARealSqliteFile(@TempDir Path dir) {
        Path db = dir.resolve("embedded.db");
        // the embedding example's history: a first offense, then a second three days later (strike 2, 8 days)
        EmbeddingExample.run(db, new EmbeddingExample.RecordingFirewall(), new ArrayList<>());
        Instant now = Instant.parse("2026-03-04T10:00:02Z");

        List<String> lines = ReportsExample.report(db, Settings.defaults(), IpPrefix.parse("203.0.113.9"), now);

        assertEquals(List.of(
                "banned 203.0.113.9 at strike 2 in saslfail-strike2 until 2026-03-12T10:00:00Z (2 offenses)",
                "203.0.113.9: 2 offenses, banned at strike 2",
                "  next offense: strike 3, 32 days"), lines);
    }
}
