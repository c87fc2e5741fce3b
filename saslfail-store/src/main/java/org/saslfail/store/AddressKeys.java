package org.saslfail.store;

import java.util.ArrayList;
import java.util.List;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;

/**
 * The sortable text form of addresses kept in the *_hex columns: "4" + 8 hex digits or "6" + 32,
 * so that the addresses of a network are one range of an index in SQLite and PostgreSQL alike.
 */
final class AddressKeys {
    private AddressKeys() {
    }

    static String hex(IpAddress a) {
        return a.isV4() ? "4" + pad(a.low(), 8) : "6" + pad(a.high(), 16) + pad(a.low(), 16);
    }

    /** The key of the first address of the prefix. */
    static String low(IpPrefix p) {
        return hex(p.network());
    }

    /** The key of the last address of the prefix. */
    static String high(IpPrefix p) {
        IpAddress n = p.network();
        int hostBits = n.bits() - p.length();
        if (n.isV4()) {
            return hex(IpAddress.ofV4(n.low() | ((1L << hostBits) - 1)));
        }
        long highOnes = hostBits <= 64 ? 0 : hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1;
        long lowOnes = hostBits >= 64 ? -1L : (1L << hostBits) - 1;
        return hex(new IpAddress(6, n.high() | highOnes, n.low() | lowOnes));
    }

    /** Every network that contains {@code p}, from /0 to {@code p} itself. */
    static List<IpPrefix> covering(IpPrefix p) {
        List<IpPrefix> out = new ArrayList<>(p.length() + 1);
        for (int len = 0; len <= p.length(); len++) {
            out.add(IpPrefix.of(p.network(), len));
        }
        return out;
    }

    /** The address a key stands for. */
    static IpAddress address(String hex) {
        if (hex.length() == 9 && hex.charAt(0) == '4') {
            return IpAddress.ofV4(Long.parseLong(hex.substring(1), 16));
        }
        if (hex.length() == 33 && hex.charAt(0) == '6') {
            return new IpAddress(6, Long.parseUnsignedLong(hex.substring(1, 17), 16),
                    Long.parseUnsignedLong(hex.substring(17), 16));
        }
        throw new IllegalArgumentException("not an address key: " + hex);
    }

    private static String pad(long v, int digits) {
        String h = Long.toHexString(v);
        if (digits == 8) {
            h = Long.toHexString(v & 0xffffffffL);
        }
        return "0".repeat(digits - h.length()) + h;
    }
}
