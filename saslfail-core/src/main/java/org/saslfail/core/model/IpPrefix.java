package org.saslfail.core.model;

/**
 * A network: an address with its host bits cleared and a prefix length. A host prefix
 * (/32, /128) is written as the bare address; others as {@code address/length}.
 * This is the offender key: one IPv4 address, one IPv6 /64, or a subnet.
 */
public record IpPrefix(IpAddress network, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        if (network == null) {
            throw new InvalidAddressException("prefix without address");
        }
        if (length < 0 || length > network.bits()) {
            throw new InvalidAddressException("prefix length out of range: " + network + "/" + length);
        }
        if (!masked(network, length).equals(network)) {
            throw new InvalidAddressException("host bits set in prefix: " + network + "/" + length);
        }
    }

    /** The prefix of the given length that contains {@code address}. */
    public static IpPrefix of(IpAddress address, int length) {
        if (length < 0 || length > address.bits()) {
            throw new InvalidAddressException("prefix length out of range: " + address + "/" + length);
        }
        return new IpPrefix(masked(address, length), length);
    }

    /** Parses {@code 203.0.113.9}, {@code 203.0.113.0/24} or {@code 2001:db8::/64}; host bits must be clear. */
    public static IpPrefix parse(String text) {
        if (text == null) {
            throw new InvalidAddressException("empty address");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return IpAddress.parse(text).asPrefix();
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash));
        String lengthText = text.substring(slash + 1);
        if (lengthText.isEmpty() || lengthText.length() > 3 || !lengthText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidAddressException("bad prefix length in " + Texts.quoteShort(text));
        }
        int length = Integer.parseInt(lengthText);
        if (text.indexOf(':') >= 0 && address.isV4()) {
            // ::ffff:a.b.c.d/len names the IPv4 network of len - 96
            length -= 96;
        }
        if (length < 0 || length > address.bits()) {
            throw new InvalidAddressException("prefix length out of range in " + Texts.quoteShort(text));
        }
        IpPrefix prefix = of(address, length);
        if (!prefix.network().equals(address)) {
            throw new InvalidAddressException("host bits set in " + Texts.quoteShort(text) + " (did you mean " + prefix + "?)");
        }
        return prefix;
    }

    /** Like {@link #parse} but clears host bits instead of rejecting them (for ignore lists). */
    public static IpPrefix parseLenient(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            return parse(text);
        }
        try {
            return parse(text);
        } catch (InvalidAddressException e) {
            if (!e.getMessage().startsWith("host bits set")) {
                throw e;
            }
            IpAddress address = IpAddress.parse(text.substring(0, slash));
            int length = Integer.parseInt(text.substring(slash + 1));
            if (text.indexOf(':') >= 0 && address.isV4()) {
                length -= 96;
            }
            return of(address, length);
        }
    }

    /** The widest networks a command may name: an IPv4 /16, an IPv6 /32 (wider ones would cover whole providers). */
    public static final int WIDEST_V4 = 16;
    public static final int WIDEST_V6 = 32;

    /** Whether this network is wider than a command may name ({@link #WIDEST_V4}, {@link #WIDEST_V6}). */
    public boolean tooWideToName() {
        return length < (isV4() ? WIDEST_V4 : WIDEST_V6);
    }

    public boolean isHost() {
        return length == network.bits();
    }

    public boolean isV4() {
        return network.isV4();
    }

    public boolean contains(IpAddress address) {
        return address.version() == network.version() && masked(address, length).equals(network);
    }

    public boolean contains(IpPrefix other) {
        return other.length >= length && contains(other.network);
    }

    @Override
    public int compareTo(IpPrefix o) {
        int c = network.compareTo(o.network);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return isHost() ? network.toString() : network + "/" + length;
    }

    private static IpAddress masked(IpAddress a, int length) {
        if (a.isV4()) {
            long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
            return IpAddress.ofV4(a.low() & mask);
        }
        long highMask = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
        long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return new IpAddress(6, a.high() & highMask, a.low() & lowMask);
    }
}
