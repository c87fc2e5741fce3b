package org.saslfail.core.port.in;

import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Texts;
import org.saslfail.core.policy.EscalationPolicy;

/**
 * An address or network typed by an administrator, as the offender it stands for and as typed:
 * an address counts as its offender (itself, or its IPv6 /64); a network is taken as written.
 */
public record AdminTarget(IpPrefix offender, IpPrefix typed) {
    private static final int MAX_INPUT = 100;

    /** Reads the text; throws {@link InvalidCommandException} naming it when it is no address or network. */
    public static AdminTarget parse(String text, EscalationPolicy policy) {
        String t = text == null ? "" : text.strip();
        try {
            if (t.length() > MAX_INPUT) {
                throw new IllegalArgumentException("too long");
            }
            if (t.contains("/")) {
                IpPrefix p = IpPrefix.parse(t);
                return new AdminTarget(p, p);
            }
            IpAddress ip = IpAddress.parse(t);
            return new AdminTarget(policy.offenderOf(ip), ip.asPrefix());
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException("not an IP address or network: " + Texts.quoteShort(text)
                    + " (e.g. 203.0.113.7, 2001:db8::1 or 203.0.113.0/24)", e);
        }
    }

    /** The forms fail2ban may hold the target in: the offender, and the address as typed when that differs. */
    public java.util.List<IpPrefix> forms() {
        return typed.equals(offender) ? java.util.List.of(offender) : java.util.List.of(offender, typed);
    }
}
