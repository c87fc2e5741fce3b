package org.saslfail.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.report.ActiveBan;

class EmbeddingExampleTest {

    @Test
    void anEmbeddingToolGetsEscalationAndHistoryOnARealSqliteFile(@TempDir Path dir) {
        Path db = dir.resolve("embedded.db");
        EmbeddingExample.RecordingFirewall firewall = new EmbeddingExample.RecordingFirewall();
        List<String> log = new ArrayList<>();
        List<ActiveBan> active = EmbeddingExample.run(db, firewall, log);

        assertEquals(3, log.size());
        assertTrue(log.get(0).contains("offense"), log.get(0));
        assertTrue(log.get(1).contains("repeat"), log.get(1));
        assertEquals(List.of("ban 203.0.113.9 in saslfail-strike2", "unban 203.0.113.9 from saslfail-dovecot"), firewall.calls);
        assertEquals(1, active.size());
        assertEquals(2, active.get(0).strike());

        // the history survives: a second run on the same file sees every event as already recorded
        List<String> again = new ArrayList<>();
        EmbeddingExample.run(db, new EmbeddingExample.RecordingFirewall(), again);
        assertTrue(again.stream().allMatch(l -> l.contains("duplicate")), again.toString());
    }
}
