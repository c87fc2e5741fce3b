package org.saslfail.fail2ban.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.port.out.BanSetException;
import org.saslfail.core.port.out.BanSetPort.Element;

/** The nft scripts saslfail writes and the listings it reads, without running nft. */
class NftablesBanSetTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final NftablesBanSet set = new NftablesBanSet(List.of("nft"), Clock.fixed(NOW, ZoneOffset.UTC), 64, List.of(25, 587));

    @Test
    void eachTargetGoesToTheSetOfItsKind() {
        assertEquals(NftablesBanSet.Kind.ADDR4, set.kindOf(IpPrefix.parse("198.51.100.7")));
        assertEquals(NftablesBanSet.Kind.NET4, set.kindOf(IpPrefix.parse("198.51.100.0/24")));
        assertEquals(NftablesBanSet.Kind.ADDR6, set.kindOf(IpPrefix.parse("2001:db8:1::/64")));
        assertEquals(NftablesBanSet.Kind.NET6, set.kindOf(IpPrefix.parse("2001:db8::/48")));
    }

    @Test
    void aChangeAddsBareDeletesThenAddsWithTimeoutsInOneScript() {
        String script = set.changeScript(List.of(new Element(IpPrefix.parse("198.51.100.7"), NOW.plus(Duration.ofDays(32))),
                new Element(IpPrefix.parse("198.51.100.8"), null)), List.of(IpPrefix.parse("2001:db8:1::/64")));
        assertEquals("""
                add element inet saslfail addr4 { 198.51.100.7,
                198.51.100.8 }
                add element inet saslfail addr6 { 2001:db8:1::/64 }
                delete element inet saslfail addr4 { 198.51.100.7,
                198.51.100.8 }
                delete element inet saslfail addr6 { 2001:db8:1::/64 }
                add element inet saslfail addr4 { 198.51.100.7 timeout 32d,
                198.51.100.8 }
                """, script);
    }

    @Test
    void theChainDropsTrafficFromEverySetToTheWatchedPortsOnly() {
        String table = set.tableScript();
        assertTrue(table.contains("type filter hook input priority -1; policy accept;"), table);
        assertTrue(table.contains("tcp dport { 25, 587 } ip saddr @addr4 counter drop"), table);
        assertTrue(table.contains("tcp dport { 25, 587 } ip6 saddr @net6 counter drop"), table);
        assertTrue(table.contains("set net4 { type ipv4_addr; flags interval, timeout; }"), table);
    }

    @Test
    void nftDurationsAreWrittenInUnitsItAcceptsAndReadBack() {
        Duration d = Duration.ofDays(32).plusHours(1).plusMillis(5);
        assertEquals("32d1h5ms", NftablesBanSet.nftDuration(d));
        assertEquals(d, NftablesBanSet.duration("32d1h5ms"));
        assertEquals(Duration.ofMillis(7 * 86_400_000L + 23 * 3_600_000L + 59 * 60_000L + 59_932L),
                NftablesBanSet.duration("7d23h59m59s932ms"));
        assertThrows(BanSetException.class, () -> NftablesBanSet.duration("5x"));
    }

    @Test
    void aListingIsReadWithExpiriesAndPermanentElements() {
        String listing = """
                table inet saslfail {
                	set net4 {
                		type ipv4_addr
                		flags interval,timeout
                		elements = { 5.6.7.0/24 timeout 8d expires 7d23h59m59s932ms, 5.6.8.0/24,
                			     10.0.0.1-10.0.0.9 }
                	}
                }
                """;
        List<Element> read = new ArrayList<>();
        NftablesBanSet.ListingReader reader = new NftablesBanSet.ListingReader(NOW, read::add);
        listing.lines().forEach(reader);
        assertEquals(List.of(new Element(IpPrefix.parse("5.6.7.0/24"), NOW.plus(NftablesBanSet.duration("7d23h59m59s932ms"))),
                new Element(IpPrefix.parse("5.6.8.0/24"), null)), read);
    }

    @Test
    void portsOutOfRangeAreRefusedBeforeAnythingRuns() {
        assertThrows(IllegalArgumentException.class, () -> new NftablesBanSet(List.of("nft"), Clock.systemUTC(), 64, List.of(0)));
    }
}
