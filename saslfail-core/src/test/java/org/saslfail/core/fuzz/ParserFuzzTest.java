package org.saslfail.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.saslfail.core.config.ConfigException;
import org.saslfail.core.config.SettingsParser;
import org.saslfail.core.legacy.LegacyFormat;
import org.saslfail.core.legacy.LegacyImporter;
import org.saslfail.core.model.InvalidAddressException;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.policy.EscalationPolicy;

/**
 * The parsers that read attacker- or administrator-written text, fed seeded random mutations of
 * valid input: each input ends in a value or the parser's own, clear error (never another
 * exception), and the whole run in bounded time (a hang guard, not a speed goal).
 */
class ParserFuzzTest {
    private static final long SEED = 20261130L;
    private static final int RUNS = 10_000;
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static void fuzz(List<String> samples, int max, Consumer<String> parse) {
        Fuzz fuzz = new Fuzz(SEED);
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < RUNS; i++) {
                String input = fuzz.next(samples.get(i % samples.size()), max);
                try {
                    parse.accept(input);
                } catch (Throwable t) {
                    fail("seed " + SEED + ", run " + i + ", input " + java.util.Arrays.toString(input.codePoints().limit(200).toArray())
                            + ": unexpected " + t, t);
                }
            }
        });
    }

    @Test
    void addressesParseOrSayWhatIsWrong() {
        fuzz(List.of("203.0.113.9", "2001:db8::1", "::ffff:192.0.2.1", "fe80::1%eth0", "2001:db8:1:2:3:4:5:6",
                "203.0.113.0/24", "2001:db8::/48", "::ffff:10.0.0.0/104"), 300, text -> {
            try {
                IpAddress a = IpAddress.parse(text);
                assertTrue(IpAddress.parse(a.toString()).equals(a), "canonical form parses back: " + a);
            } catch (InvalidAddressException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            }
            try {
                IpPrefix p = IpPrefix.parseLenient(text);
                assertTrue(IpPrefix.parse(p.toString()).equals(p), "canonical form parses back: " + p);
            } catch (InvalidAddressException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            }
        });
    }

    @Test
    void configFilesParseOrNameTheirFile() {
        fuzz(List.of("ladder = 48h, 8d, 32d\nforget_after = 365d # a year\n",
                "ignore = 127.0.0.0/8 ::1 10.0.0.0/8\nsubnet_threshold = 5\nsubnet_window = 24h\n",
                "notify.mode = smart\nnotify.to = root@localhost\nipv6_prefix = 64\npermanent_after = 3\n",
                "fail2ban.max_reply = 32M\nservices = postfix,dovecot\nhistory = per-service\n"), 2000, text -> {
            try {
                SettingsParser.parse("/etc/saslfail/saslfail.conf", text.lines().toList()).policy(List.of());
            } catch (ConfigException e) {
                assertTrue(e.getMessage().startsWith("/etc/saslfail/saslfail.conf"), e.getMessage());
            }
            // the same text as bytes, as the file is read (lone surrogates become '?')
            try {
                SettingsParser.parse("/etc/saslfail/saslfail.conf", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (ConfigException e) {
                assertTrue(e.getMessage().startsWith("/etc/saslfail/saslfail.conf"), e.getMessage());
            }
        });
    }

    @Test
    void legacyRowsParseSkipOrAreBadRowsAndRowsConvert() {
        EscalationPolicy policy = org.saslfail.core.config.Settings.defaults().policy(List.of());
        LegacyImporter importer = new LegacyImporter(policy);
        fuzz(List.of("2026-03-01 11:00:00|203.0.113.9|postfix-sasl-first|ban|1|0",
                "1767225600|2001:db8::7|dovecot-third|restore-ban|3|1",
                "2026-03-01T12:00:00+02:00|192.0.2.1|postfix-sasl-second|unban||yes",
                LegacyFormat.HEADER, "# comment"), 500, text -> {
            LegacyFormat.Parsed p = LegacyFormat.parse(7, text, ZoneId.of("Europe/Berlin"), NOW);
            if (p instanceof LegacyFormat.Row r) {
                assertInstanceOf(org.saslfail.core.model.Outcome.class, importer.convert(r.row()));
            } else if (p instanceof LegacyFormat.Bad b) {
                assertTrue(b.line() == 7 && !b.problem().isBlank(), b.toString());
            }
        });
    }
}
