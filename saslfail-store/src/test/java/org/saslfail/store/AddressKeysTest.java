package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;

class AddressKeysTest {

    @Test
    void keysSortLikeAddressesAndKeepVersionsApart() {
        List<String> ordered = List.of("0.0.0.0", "9.255.255.255", "10.0.0.0", "255.255.255.255", "::", "::1",
                        "2001:db8::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").stream()
                .map(t -> AddressKeys.hex(IpAddress.parse(t))).toList();
        assertEquals(ordered.stream().sorted().toList(), ordered);
        assertEquals("4c0000201", AddressKeys.hex(IpAddress.parse("192.0.2.1")));
        assertEquals(33, AddressKeys.hex(IpAddress.parse("::1")).length());
    }

    @Test
    void aNetworkIsTheRangeFromItsFirstToItsLastAddress() {
        IpPrefix v4 = IpPrefix.parse("192.0.2.0/24");
        assertEquals(AddressKeys.hex(IpAddress.parse("192.0.2.0")), AddressKeys.low(v4));
        assertEquals(AddressKeys.hex(IpAddress.parse("192.0.2.255")), AddressKeys.high(v4));
        IpPrefix v6 = IpPrefix.parse("2001:db8:1:2::/64");
        assertEquals(AddressKeys.hex(IpAddress.parse("2001:db8:1:2:ffff:ffff:ffff:ffff")), AddressKeys.high(v6));
        assertEquals(AddressKeys.hex(IpAddress.parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")),
                AddressKeys.high(IpPrefix.parse("2001:db8::/32")));
        assertEquals(AddressKeys.hex(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")),
                AddressKeys.high(IpPrefix.parse("::/0")));
        assertEquals(AddressKeys.hex(IpAddress.parse("255.255.255.255")), AddressKeys.high(IpPrefix.parse("0.0.0.0/0")));
        assertEquals(AddressKeys.low(IpPrefix.parse("192.0.2.9")), AddressKeys.high(IpPrefix.parse("192.0.2.9")));
    }

    @Test
    void keysTurnBackIntoAddresses() {
        for (String t : List.of("192.0.2.1", "0.0.0.0", "2001:db8::5", "ffff::1", "::")) {
            IpAddress a = IpAddress.parse(t);
            assertEquals(a, AddressKeys.address(AddressKeys.hex(a)));
        }
    }

    @Test
    void coveringListsEveryEnclosingNetwork() {
        List<IpPrefix> c = AddressKeys.covering(IpPrefix.parse("192.0.2.9"));
        assertEquals(33, c.size());
        assertEquals(IpPrefix.parse("0.0.0.0/0"), c.get(0));
        assertTrue(c.contains(IpPrefix.parse("192.0.2.0/24")));
        assertEquals(IpPrefix.parse("192.0.2.9"), c.get(32));
    }
}
