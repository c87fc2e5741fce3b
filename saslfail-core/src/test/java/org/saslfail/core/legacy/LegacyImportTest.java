package org.saslfail.core.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;

class LegacyImportTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static LegacyRow row(String line) {
        LegacyFormat.Parsed p = LegacyFormat.parse(7, line, BERLIN, NOW);
        return assertInstanceOf(LegacyFormat.Row.class, p, line).row();
    }

    private static String bad(String line) {
        return assertInstanceOf(LegacyFormat.Bad.class, LegacyFormat.parse(7, line, BERLIN, NOW), line).problem();
    }

    @Test
    void rowsParseInEveryTimestampForm() {
        LegacyRow local = row("2026-03-01 11:00:00|203.0.113.9|postfix-sasl-second|ban|2|1");
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), local.at());
        assertEquals(2, local.strike());
        assertEquals(Service.POSTFIX, local.service());
        assertTrue(local.notified());
        assertEquals(Instant.ofEpochSecond(1772359200), row("1772359200|203.0.113.9|dovecot-first|ban|1|0").at());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), row("2026-03-01T12:00:00+02:00|2001:db8::1|dovecot-third|restore-ban|3|0").at());
    }

    @Test
    void headerCommentsAndBlankLinesAreSkipped() {
        assertInstanceOf(LegacyFormat.Skip.class, LegacyFormat.parse(1, LegacyFormat.HEADER, BERLIN, NOW));
        assertInstanceOf(LegacyFormat.Skip.class, LegacyFormat.parse(2, "   ", BERLIN, NOW));
    }

    @Test
    void badRowsSayWhatIsWrong() {
        assertTrue(bad("2026-03-01 11:00:00|203.0.113.999|postfix-sasl-first|ban|1|0").startsWith("bad address"));
        assertTrue(bad("2026-13-01 11:00:00|203.0.113.9|postfix-sasl-first|ban|1|0").startsWith("bad timestamp"));
        assertTrue(bad("2026-02-30 11:00:00|203.0.113.9|postfix-sasl-first|ban|1|0").startsWith("bad timestamp"));
        assertTrue(bad("yesterday|203.0.113.9|postfix-sasl-first|ban|1|0").startsWith("bad timestamp"));
        assertTrue(bad("2026-03-01 11:00:00|203.0.113.9|sshd|ban|1|0").startsWith("unknown jail"));
        assertTrue(bad("2026-03-01 11:00:00|203.0.113.9|postfix-sasl-first|kick|1|0").startsWith("unknown action"));
        assertTrue(bad("2026-03-01 11:00:00|203.0.113.9|postfix-sasl-first|ban|x|0").startsWith("bad strike_level"));
        assertTrue(bad("2026-03-01 11:00:00|203.0.113.9").startsWith("expected 6 fields"));
    }

    @Test
    void aJailNameThatCannotReachFail2banIsABadRowWithItsLine() {
        LegacyFormat.Bad b = assertInstanceOf(LegacyFormat.Bad.class,
                LegacyFormat.parse(9, "2026-03-01 11:00:00|203.0.113.9|postfix;rm -rf /-first|ban|1|0", BERLIN, NOW));
        assertEquals(9, b.line());
        assertTrue(b.problem().startsWith("unknown jail"), b.problem());
        assertTrue(bad("2026-03-01 11:00:00|203.0.113.9|postfix-" + "x".repeat(80) + "-first|ban|1|0").startsWith("unknown jail"));
    }

    @Test
    void timesFarInTheFutureOrBefore1970AreBadRows() {
        assertTrue(bad("+999999999-01-01T00:00:00Z|203.0.113.9|postfix-sasl-first|ban|1|0").contains("in the future"));
        assertTrue(bad("999999999999|203.0.113.9|postfix-sasl-first|ban|1|0").contains("in the future"));
        assertTrue(bad("2026-12-01T12:00:00Z|203.0.113.9|postfix-sasl-first|ban|1|0").contains("in the future"));
        assertTrue(bad("-999999999-01-01T00:00:00Z|203.0.113.9|postfix-sasl-first|ban|1|0").contains("before 1970"));
        // within the tolerance: the writer's clock may be a little ahead
        assertInstanceOf(LegacyFormat.Row.class, LegacyFormat.parse(1,
                NOW.plus(LegacyFormat.FUTURE_TOLERANCE) + "|203.0.113.9|postfix-sasl-first|ban|1|0", BERLIN, NOW));
    }

    @Test
    void banRowsBecomeOffensesAtTheirStrikeAndRestoresNever() {
        LegacyImporter importer = new LegacyImporter(EscalationPolicy.defaults());
        Outcome ban = importer.convert(row("2026-03-01 11:00:00|203.0.113.9|postfix-sasl-third|ban|3|1"));
        assertEquals(Result.OFFENSE, ban.result());
        assertEquals(3, ban.offense().strike());
        assertEquals("saslfail-strike3", ban.offense().jail().value());
        assertEquals(ban.offense().at().plus(Duration.ofDays(32)), ban.offense().expiresAt());
        Outcome first = importer.convert(row("2026-03-01 11:00:00|198.51.100.7|dovecot-first|ban|1|0"));
        assertEquals("saslfail-dovecot", first.offense().jail().value());
        Outcome restore = importer.convert(row("2026-03-02 11:00:00|203.0.113.9|postfix-sasl-third|restore-ban|3|0"));
        assertEquals(Result.RESTORE, restore.result());
        assertNull(restore.offense());
    }

    @Test
    void anImportedBanNeverCoversAnIgnoredAddressOfItsSlash64() {
        EscalationPolicy policy = EscalationPolicy.defaults().withIgnore(
                java.util.List.of(org.saslfail.core.model.IpPrefix.parse("2001:db8:1::5")));
        Outcome ban = new LegacyImporter(policy).convert(row("2026-03-01 11:00:00|2001:db8:1::7|postfix-sasl-second|ban|2|1"));
        assertEquals(Result.OFFENSE, ban.result());
        assertEquals("2001:db8:1::7", ban.offense().offender().toString());
    }

    @Test
    void unbanLiftsTheRunningBanOfThatStrike() {
        LegacyImporter importer = new LegacyImporter(EscalationPolicy.defaults());
        importer.convert(row("2026-03-01 11:00:00|203.0.113.9|postfix-sasl-second|ban|2|1"));
        Outcome unban = importer.convert(row("2026-03-02 11:00:00|203.0.113.9|postfix-sasl-second|unban|2|0"));
        assertEquals(Instant.parse("2026-03-02T10:00:00Z"), unban.offense().liftedAt());
    }

    @Test
    void ignoredAddressesAreNotImportedAsOffenses() {
        LegacyImporter importer = new LegacyImporter(EscalationPolicy.defaults());
        assertEquals(Result.IGNORED, importer.convert(row("2026-03-01 11:00:00|192.168.1.5|postfix-sasl-first|ban|1|0")).result());
    }
}
