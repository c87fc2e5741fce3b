package org.saslfail.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "203.0.113.9, 203.0.113.9",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:DB8::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "::, ::",
        "::1, ::1",
        "fe80::, fe80::",
        "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
        "::ffff:203.0.113.9, 203.0.113.9",
        "::FFFF:cb00:7109, 203.0.113.9",
        "64:ff9b::203.0.113.9, 64:ff9b::cb00:7109",
        "2001:db8::0:1:0:0:0, 2001:db8:0:0:1::",
    })
    void parsesToCanonicalText(String in, String canonical) {
        assertEquals(canonical, IpAddress.parse(in).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1..2.3",
        "a.b.c.d", "1.2.3.4/24", "2001:db8::1::2", ":::", "1:2:3:4:5:6:7:8:9", "12345::", "2001:db8::g",
        "fe80::1%eth0", "1.2.3.4;rm -rf /", "localhost", "example.com", "1:2:3:4:5:6:7::8:9", ":1::", "1::2:",
        "1.2.3.-4", "1.2.3.4\n"})
    void rejectsAnythingThatIsNotAStrictAddress(String bad) {
        assertFalse(IpAddress.isValid(bad), bad);
    }

    @Test
    void rejectsHugeInputWithAShortMessage() {
        String huge = "1".repeat(10_000);
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> IpAddress.parse(huge));
        assertTrue(e.getMessage().length() < 120, e.getMessage());
    }

    @Test
    void controlCharactersInTheMessageAreEscaped() {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> IpAddress.parse("x\r\ny"));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("\\u000d\\u000a"), e.getMessage());
    }

    @Test
    void prefixesContainTheirAddressesAndNormalise() {
        IpPrefix net = IpPrefix.parse("203.0.113.0/24");
        assertTrue(net.contains(IpAddress.parse("203.0.113.200")));
        assertFalse(net.contains(IpAddress.parse("203.0.114.1")));
        assertEquals("2001:db8:1:2::/64", IpAddress.parse("2001:db8:1:2:ffff::1").prefix(64).toString());
        assertEquals("203.0.113.9", IpPrefix.parse("203.0.113.9/32").toString());
        assertThrows(InvalidAddressException.class, () -> IpPrefix.parse("203.0.113.9/24"));
        assertEquals("203.0.113.0/24", IpPrefix.parseLenient("203.0.113.9/24").toString());
        assertEquals("192.168.0.0/16", IpPrefix.parse("::ffff:192.168.0.0/112").toString());
        assertThrows(InvalidAddressException.class, () -> IpPrefix.parse("10.0.0.0/33"));
        assertThrows(InvalidAddressException.class, () -> IpPrefix.parse("10.0.0.0/"));
        assertTrue(IpPrefix.parse("10.0.0.0/8").contains(IpPrefix.parse("10.1.0.0/16")));
        assertFalse(IpPrefix.parse("10.1.0.0/16").contains(IpPrefix.parse("10.0.0.0/8")));
    }

    @Test
    void jailNamesRejectMetacharacters() {
        for (String bad : new String[] {"", "a b", "x;rm", "jail\n", "$(id)", "a".repeat(65), "-flag", "ab'c"}) {
            assertThrows(IllegalArgumentException.class, () -> JailName.of(bad), bad);
        }
        assertEquals("saslfail-strike2", JailName.of("saslfail-strike2").value());
    }

    @Test
    void durationsParseAndFormatTheOneSyntax() {
        assertEquals(java.time.Duration.ofHours(48), Durations.parse("48h"));
        assertEquals(java.time.Duration.ofDays(14), Durations.parse("2w"));
        assertEquals("8d", Durations.format(java.time.Duration.ofHours(192)));
        assertEquals("90s", Durations.format(java.time.Duration.ofSeconds(90)));
        for (String bad : new String[] {"", "48", "h", "4.5h", "-1d", "1y", "48 h x"}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::\u0661", "\uff12001:db8::1", "2001:db8::\uff41", "fe80::\u0967", "1.2.3.\u0664"})
    void nonAsciiDigitsAreNotAddresses(String text) {
        assertThrows(InvalidAddressException.class, () -> IpAddress.parse(text));
    }

    @Test
    void nonAsciiDigitsAreNotPrefixLengths() {
        assertThrows(InvalidAddressException.class, () -> IpPrefix.parse("10.0.0.0/\u0668"));
        assertThrows(InvalidAddressException.class, () -> IpPrefix.parse("2001:db8::/\u0666\u0664"));
    }
}
