package org.saslfail.cli;

import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Texts;

/**
 * An address or network typed on the command line for a query (show, list --ip): host bits are
 * cleared as in the ignore list, but a network wider than a command may name (an IPv4 /16, an IPv6
 * /32) is refused, and anything unreadable is a usage error rather than a runtime failure.
 */
public final class AddressArgument {
    private static final int MAX_INPUT = 100;

    private AddressArgument() {
    }

    public static IpPrefix parse(String what, String text) {
        IpPrefix p;
        try {
            if (text == null || text.length() > MAX_INPUT) {
                throw new IllegalArgumentException("too long");
            }
            p = IpPrefix.parseLenient(text.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": not an IP address or network: " + Texts.quoteShort(text)
                    + " (e.g. 203.0.113.7, 2001:db8::1 or 203.0.113.0/24)");
        }
        if (p.tooWideToName()) {
            throw new UsageException(what + ": " + Texts.quoteShort(text) + " names " + p + ", wider than /"
                    + (p.isV4() ? IpPrefix.WIDEST_V4 : IpPrefix.WIDEST_V6) + "; name an address or a smaller network");
        }
        return p;
    }
}
