package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> COMMANDS = List.of("replay", "status", "list", "show", "report", "import-legacy",
            "blacklist", "daemon", "ban", "unban", "forgive", "doctor", "fail2ban", "install", "uninstall",
            "upgrade-from-legacy", "help");

    @Test
    void aSwappedPairOfLettersSuggestsTheCommandAndNothingFarther() {
        assertEquals(List.of("status"), Suggestions.near("stauts", COMMANDS));
        assertEquals(List.of("install"), Suggestions.near("instal", COMMANDS));
        assertEquals(List.of("ban"), Suggestions.near("bna", COMMANDS), "three letters allow one edit: not unban");
        assertEquals(List.of("--limit"), Suggestions.near("--limt", List.of("--limit", "--since", "--until", "--ip", "--json")));
        assertEquals(List.of(), Suggestions.near("frobnicate", COMMANDS));
    }

    @Test
    void distanceCountsASwapOfNeighboursAsOneEdit() {
        assertEquals(1, Suggestions.distance("stauts", "status"));
        assertEquals(1, Suggestions.distance("--limt", "--limit"));
        assertEquals(0, Suggestions.distance("show", "show"));
        assertEquals(3, Suggestions.distance("", "ban"));
    }
}
