package org.saslfail.core.model;

import java.util.Locale;

/**
 * One IPv4 or IPv6 address, always valid and in canonical form.
 *
 * <p>Parsing is strict and does no name resolution: dotted-quad IPv4 without leading zeros,
 * IPv6 in any RFC 4291 text form without a zone. IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) is
 * the IPv4 address it maps, so an offender cannot dodge its history by changing notation.
 * IPv4 addresses live in {@code low}; {@code high} is then 0.
 */
public record IpAddress(int version, long high, long low) implements Comparable<IpAddress> {

    private static final int MAX_TEXT = 45;

    public IpAddress {
        if (version == 4) {
            if (high != 0 || (low >>> 32) != 0) {
                throw new InvalidAddressException("IPv4 value out of range");
            }
        } else if (version != 6) {
            throw new InvalidAddressException("IP version must be 4 or 6, got " + version);
        }
    }

    /** Parses an address, throwing {@link InvalidAddressException} naming the bad text. */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidAddressException("empty address");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidAddressException("not an IP address: " + Texts.quoteShort(text));
        }
        IpAddress parsed = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
        if (parsed == null) {
            throw new InvalidAddressException("not an IP address: " + Texts.quoteShort(text));
        }
        return parsed;
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidAddressException e) {
            return false;
        }
    }

    public static IpAddress ofV4(long value) {
        return new IpAddress(4, 0, value);
    }

    public boolean isV4() {
        return version == 4;
    }

    public int bits() {
        return isV4() ? 32 : 128;
    }

    /** The network of the given length that holds this address. */
    public IpPrefix prefix(int length) {
        return IpPrefix.of(this, length);
    }

    /** This address as a host prefix (/32 or /128). */
    public IpPrefix asPrefix() {
        return new IpPrefix(this, bits());
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = Integer.compare(version, o.version);
        if (c == 0) {
            c = Long.compareUnsigned(high, o.high);
        }
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public String toString() {
        return isV4() ? v4Text(low) : v6Text(high, low);
    }

    private static IpAddress parseV4(String s) {
        long v = parseV4Value(s);
        return v < 0 ? null : ofV4(v);
    }

    /** Returns the 32-bit value, or -1 when the text is not a strict dotted quad. */
    private static long parseV4Value(String s) {
        long value = 0;
        int octets = 0;
        int i = 0;
        int n = s.length();
        while (i <= n) {
            int start = i;
            int octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int len = i - start;
            if (len == 0 || octet > 255 || (len > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            octets++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != '.' || octets == 4) {
                return -1;
            }
            i++;
        }
        return octets == 4 ? value : -1;
    }

    private static IpAddress parseV6(String s) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) {
                return fromGroups(groups, 0, gap);
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && hex(s.charAt(i)) >= 0 && i - start < 4) {
                value = (value << 4) | hex(s.charAt(i));
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                long v4 = parseV4Value(s.substring(start));
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = n;
                break;
            }
            if (i == start) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            } else if (i == n) {
                return null;
            }
        }
        if (gap < 0 && count != 8 || gap >= 0 && count > 7) {
            return null;
        }
        return fromGroups(groups, count, gap);
    }

    /** An ASCII hex digit's value, else -1 (Character.digit would take Arabic-Indic or full-width digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static IpAddress fromGroups(int[] groups, int count, int gap) {
        int[] full = new int[8];
        if (gap < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            int tail = count - gap;
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long high = 0;
        long low = 0;
        for (int k = 0; k < 4; k++) {
            high = (high << 16) | full[k];
            low = (low << 16) | full[k + 4];
        }
        if (high == 0 && (low >>> 32) == 0xffffL) {
            return ofV4(low & 0xffffffffL);
        }
        return new IpAddress(6, high, low);
    }

    private static String v4Text(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
    private static String v6Text(long high, long low) {
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((high >>> (48 - 16 * k)) & 0xffff);
            g[k + 4] = (int) ((low >>> (48 - 16 * k)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int start = k;
            while (k < 8 && g[k] == 0) {
                k++;
            }
            if (k - start > bestLen) {
                bestStart = start;
                bestLen = k - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
