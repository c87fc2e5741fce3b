package org.saslfail.fail2ban.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.Service;

class JournalLinesTest {
    private static final Instant FROM = Instant.parse("2026-11-30T17:00:00.750Z");
    private static final Instant TO = Instant.parse("2026-11-30T18:00:00.250Z");

    @Test
    void journalctlGetsFixedArgumentsWithTheServicesMatchesOrEdAndWholeSeconds() {
        List<List<String>> asked = new ArrayList<>();
        JournalLines journal = new JournalLines(argv -> {
            asked.add(argv);
            return Optional.of("line one\nline two\n");
        });
        assertEquals(List.of("line one", "line two"), journal.between(List.of(Service.POSTFIX, Service.DOVECOT), FROM, TO));
        assertEquals(List.of(List.of("journalctl", "--no-pager", "--quiet", "--output=short-iso",
                "--since=@" + FROM.getEpochSecond(), "--until=@" + (TO.getEpochSecond() + 1),
                "_COMM=smtpd", "+", "_SYSTEMD_UNIT=dovecot.service")), asked);
    }

    @Test
    void aLineCutByTheOutputCapIsDroppedAndAFailedRunGivesNoLines() {
        assertEquals(List.of("whole"), new JournalLines(argv -> Optional.of("whole\ncut in the midd")).between(
                List.of(Service.POSTFIX), FROM, TO));
        assertEquals(List.of(), new JournalLines(argv -> Optional.empty()).between(List.of(Service.POSTFIX), FROM, TO));
        assertEquals(List.of(), new JournalLines(argv -> {
            throw new AssertionError("nothing to read: journalctl is not run");
        }).between(List.of(), FROM, TO));
    }

    @Test
    void eachServicesMatchIsTheJournalmatchOfItsSaslfailFilter() throws IOException {
        for (Service s : Service.values()) {
            String filter;
            try (InputStream in = JournalLines.class.getResourceAsStream("/fail2ban/filter.d/saslfail-" + s.id() + ".conf")) {
                filter = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(filter.lines().anyMatch(l -> l.equals("journalmatch = " + JournalLines.match(s))),
                    s + ": " + JournalLines.match(s));
        }
    }
}
