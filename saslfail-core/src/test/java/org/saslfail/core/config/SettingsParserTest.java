package org.saslfail.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
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
}
