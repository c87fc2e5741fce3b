package org.saslfail.fail2ban.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;

class Fail2banLogParserTest {
    private final Fail2banLogParser parser = new Fail2banLogParser(ZoneId.of("UTC"));

    private BanEvent event(String line) {
        return assertInstanceOf(Fail2banLogParser.Event.class, parser.parse(line), line).event();
    }

    private String skipped(String line) {
        return assertInstanceOf(Fail2banLogParser.Skipped.class, parser.parse(line), line).reason();
    }

    @Test
    void banRestoreAndUnbanLinesBecomeEvents() {
        BanEvent ban = event("2026-03-01 10:00:00,123 fail2ban.actions        [812]: NOTICE  [saslfail-postfix] Ban 203.0.113.9");
        assertEquals(BanEvent.Kind.BAN, ban.kind());
        assertEquals(Instant.parse("2026-03-01T10:00:00.123Z"), ban.at());
        assertEquals("saslfail-postfix", ban.jail().value());
        assertEquals(BanEvent.Kind.RESTORE,
                event("2026-03-01 10:00:00,123 fail2ban.actions [812]: NOTICE [postfix-sasl] Restore Ban 2001:db8::1").kind());
        assertEquals(BanEvent.Kind.UNBAN,
                event("2026-03-03 10:00:00,500 fail2ban.actions [812]: NOTICE [saslfail-postfix] Unban 203.0.113.9").kind());
    }

    @Test
    void logTimesAreLocalTimesOfTheGivenZone() {
        BanEvent e = new Fail2banLogParser(ZoneId.of("Europe/Berlin")).parse(
                "2026-07-01 12:00:00,000 fail2ban.actions [1]: NOTICE [saslfail-postfix] Ban 203.0.113.9") instanceof Fail2banLogParser.Event ev
                ? ev.event() : null;
        assertEquals(Instant.parse("2026-07-01T10:00:00Z"), e.at());
    }

    @Test
    void otherLinesAreSkippedWithAReason() {
        assertEquals("other fail2ban message",
                skipped("2026-03-01 10:00:00,123 fail2ban.filter [812]: INFO [saslfail-postfix] Found 203.0.113.9 - 2026-03-01 10:00:00"));
        assertEquals("other fail2ban message",
                skipped("2026-03-01 10:00:00,123 fail2ban.actions [812]: NOTICE [saslfail-postfix] 203.0.113.9 already banned"));
        assertEquals("bad address", skipped("2026-03-01 10:00:00,123 fail2ban.actions [812]: NOTICE [saslfail-postfix] Ban 203.0.113.999"));
        assertEquals("bad address", skipped("2026-03-01 10:00:00,123 fail2ban.actions [812]: NOTICE [saslfail-postfix] Ban $(reboot)"));
        assertEquals("bad jail name", skipped("2026-03-01 10:00:00,123 fail2ban.actions [812]: NOTICE [jail;rm] Ban 203.0.113.9"));
        assertEquals("bad time", skipped("2026-02-30 10:00:00,123 fail2ban.actions [812]: NOTICE [saslfail-postfix] Ban 203.0.113.9"));
        assertEquals("not a fail2ban log line", skipped("garbage"));
        assertEquals("network ban", skipped("2026-03-01 10:00:00,123 fail2ban.actions [812]: NOTICE [saslfail-strike2] Ban 2001:db8:a:1::/64"));
        assertEquals("line too long", skipped("x".repeat(10_000)));
    }
}
