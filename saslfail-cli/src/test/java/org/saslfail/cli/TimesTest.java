package org.saslfail.cli;

import org.saslfail.cli.output.Times;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void localTimeIsWhatTheFormatterWouldPrintInEveryZone() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (String zone : List.of("UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Pacific/Apia")) {
            ZoneId z = ZoneId.of(zone);
            for (Instant t : List.of(Instant.parse("2026-03-29T00:59:59Z"), Instant.parse("2026-03-29T01:00:00Z"),
                    Instant.parse("2026-10-25T00:30:07Z"), Instant.parse("1999-12-31T23:59:59.999Z"),
                    Instant.parse("2026-01-05T09:08:07Z"))) {
                assertEquals(reference.format(t.atZone(z)), Times.local(t, z), zone + " " + t);
            }
        }
        assertEquals("-", Times.local(null, ZoneId.of("UTC")));
    }

    @Test
    void timeLeftIsRoughAndZeroPadded() {
        assertEquals("7d 23h", Times.left(Duration.ofHours(7 * 24 + 23).plusMinutes(59)));
        assertEquals("5h 02m", Times.left(Duration.ofHours(5).plusMinutes(2).plusSeconds(30)));
        assertEquals("3m 09s", Times.left(Duration.ofSeconds(189)));
        assertEquals("42s", Times.left(Duration.ofSeconds(42)));
        assertEquals("0s", Times.left(Duration.ofSeconds(-5)));
    }
}
