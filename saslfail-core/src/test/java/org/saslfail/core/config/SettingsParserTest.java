package org.saslfail.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;

class SettingsParserTest {

    private static ConfigException fails(String... lines) {
        return assertThrows(ConfigException.class, () -> SettingsParser.parse("/etc/saslfail/saslfail.conf", List.of(lines)));
    }

    @Test
    void defaultsAreDesignDefaults() {
        EscalationPolicy p = Settings.defaults().policy(List.of());
        assertEquals(List.of(Duration.ofHours(48), Duration.ofDays(8), Duration.ofDays(32)), p.ladder());
        assertEquals(Duration.ofDays(365), p.forgetAfter());
        assertEquals(64, p.ipv6Prefix());
        assertEquals(5, p.subnetThreshold());
        assertEquals(5, p.ignore().size());
        assertEquals("smart", Settings.defaults().require("notify.mode"));
    }

    @Test
    void policyWatchesOnlyTheStrikeOneJailsOfTheConfiguredServices() {
        Settings s = SettingsParser.parse("f", List.of("services = dovecot"));
        Map<JailName, Service> jails = Map.of(JailName.of("saslfail-dovecot"), Service.DOVECOT);
        assertEquals(jails, s.strikeOneJails());
        assertEquals(jails, s.policy(List.of()).strikeOneJails());
        assertEquals(Optional.empty(), s.policy(List.of()).serviceOf(JailName.of("dovecot-first")));
    }

    @Test
    void valuesCommentsAndBlankLinesParse() {
        Settings s = SettingsParser.parse("f", List.of(
                "# saslfail", "", "ladder = 4s, 8s, 16s   # fast for tests", "ignore = 127.0.0.0/8 ::1",
                "  history=per-service", "notify.to = admin@example.org"));
        EscalationPolicy p = s.policy(List.of(IpPrefix.parse("198.51.100.1")));
        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16)), p.ladder());
        assertEquals(3, p.ignore().size());
        assertEquals("admin@example.org", s.require("notify.to"));
    }

    @Test
    void metricsAndPasswordFileKeysAreCheckedWithOneLineNamingTheKey() {
        assertEquals("/etc/saslfail/saslfail.conf, line 1, key 'metrics.port': 0 is out of range 1..65535",
                fails("metrics.port = 0").getMessage());
        assertEquals("/etc/saslfail/saslfail.conf, line 1, key 'metrics.address': '0.0.0.0' is not one of 127.0.0.1, ::1",
                fails("metrics.address = 0.0.0.0").getMessage());
        assertEquals("/etc/saslfail/saslfail.conf, line 2, key 'metrics.textfile': bad value 'saslfail.prom'"
                + " (expected an absolute path ending in .prom)", fails("metrics.port = 9746", "metrics.textfile = saslfail.prom").getMessage());
        assertEquals("/etc/saslfail/saslfail.conf, line 1, key 'metrics.textfile': bad value '/var/lib/node/saslfail.txt'"
                + " (expected an absolute path ending in .prom)", fails("metrics.textfile = /var/lib/node/saslfail.txt").getMessage());
        assertEquals("/etc/saslfail/saslfail.conf, line 1, key 'database.password_file': bad value 'db.password'"
                + " (expected an absolute path)", fails("database.password_file = db.password").getMessage());
        Settings ok = SettingsParser.parse("f", List.of("metrics.port = 9746", "metrics.address = ::1",
                "metrics.textfile = /var/lib/prometheus/node-exporter/saslfail.prom", "database.password_file = /etc/saslfail/db.password"));
        assertEquals(Optional.of("9746"), ok.get("metrics.port"));
        assertEquals(Optional.empty(), Settings.defaults().get("metrics.port"), "metrics are off by default");
        assertEquals(Optional.empty(), Settings.defaults().get("metrics.textfile"));
    }

    @Test
    void unknownKeyNamesFileLineAndKeyAndSuggests() {
        ConfigException e = fails("ladder = 48h", "forget_afer = 10d");
        assertEquals("/etc/saslfail/saslfail.conf, line 2, key 'forget_afer': unknown key (did you mean 'forget_after'?)", e.getMessage());
    }

    @Test
    void badDurationNamesTheValue() {
        ConfigException e = fails("ladder = 48h, 8 days");
        assertTrue(e.getMessage().startsWith("/etc/saslfail/saslfail.conf, line 1, key 'ladder': bad duration"), e.getMessage());
    }

    @Test
    void otherBadValuesAreRejected() {
        assertTrue(fails("ipv6_prefix = 200").getMessage().contains("line 1, key 'ipv6_prefix'"));
        assertTrue(fails("ignore = 10.0.0.0/8 bogus").getMessage().contains("key 'ignore'"));
        assertTrue(fails("notify.mode = loud").getMessage().contains("'loud' is not one of"));
        assertTrue(fails("notify.to = not an address").getMessage().contains("key 'notify.to'"));
        assertTrue(fails("history = mine").getMessage().contains("key 'history'"));
        assertTrue(fails("just words").getMessage().contains("line 1: expected 'key = value'"));
        assertTrue(fails("ladder = 1h", "ladder = 2h").getMessage().contains("set twice (first on line 1)"));
        assertTrue(fails("subnet_threshold = 1").getMessage().contains("subnet_threshold"));
    }

    @Test
    void aLadderThatCannotWorkNamesItsLine() {
        ConfigException e = fails("# policy", "ladder = 0s");
        assertTrue(e.getMessage().startsWith("/etc/saslfail/saslfail.conf, line 2, key 'ladder': ladder steps must be positive"),
                e.getMessage());
        assertTrue(fails("", "", "forget_after = 0s").getMessage().contains("line 3, key 'forget_after'"));
    }

    @Test
    void aFileThatIsNotUtf8NamesItsLine() {
        byte[] latin1 = "ladder = 48h\n# Gr\u00fc\u00dfe\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ConfigException e = assertThrows(ConfigException.class, () -> SettingsParser.parse("/etc/saslfail/saslfail.conf", latin1));
        assertEquals("/etc/saslfail/saslfail.conf, line 2: not UTF-8 text (byte 0xfc); save the file as UTF-8", e.getMessage());
        byte[] utf8 = "# Gr\u00fc\u00dfe \ud83d\udd12\nladder = 1h, 2h\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, SettingsParser.parse("x", utf8).policy(List.of()).ladder().size());
        // overlong '/' and a lone surrogate are not UTF-8 either
        assertThrows(ConfigException.class, () -> SettingsParser.parse("x", new byte[] {(byte) 0xc0, (byte) 0xaf}));
        assertThrows(ConfigException.class, () -> SettingsParser.parse("x", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
    }
}
