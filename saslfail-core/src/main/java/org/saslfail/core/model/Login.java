package org.saslfail.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A successful login saslfail learned from a mail log: who ({@code user}) logged in to which
 * service from where, and when (the latest such login, when it comes from the store). {@code from}
 * is the address's known-user key: the address itself for IPv4, its /64 for IPv6. The user name
 * comes from the log and is hostile text: the constructor keeps at most {@value #MAX_USER} characters
 * and drops control characters, so no stored or rendered name can forge a line.
 */
public record Login(IpPrefix from, Service service, String user, Instant at) {
    /** The longest user name kept; longer ones are cut (SASL names are e-mail addresses, at most 254 in practice). */
    public static final int MAX_USER = 128;

    public Login {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(at, "at");
        user = clean(Objects.requireNonNull(user, "user"));
        if (user.isEmpty()) {
            throw new IllegalArgumentException("login without a user name from " + from);
        }
    }

    /** The login of {@code user} from {@code ip}, keyed by the address (IPv4) or its /64 (IPv6). */
    public static Login of(IpAddress ip, Service service, String user, Instant at) {
        return new Login(keyOf(ip), service, user, at);
    }

    /** The known-user key of an address: itself for IPv4, its /64 for IPv6 (one home or phone network). */
    public static IpPrefix keyOf(IpAddress ip) {
        return ip.isV4() ? ip.asPrefix() : ip.prefix(64);
    }

    /**
     * A user name as saslfail keeps it: control characters (and the separators U+2028/U+2029)
     * removed, surrounding blanks stripped, at most {@link #MAX_USER} characters.
     */
    public static String clean(String user) {
        StringBuilder b = new StringBuilder(Math.min(user.length(), MAX_USER));
        for (int i = 0; i < user.length() && b.length() < MAX_USER; i++) {
            char c = user.charAt(i);
            if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
                b.append(c);
            }
        }
        return b.toString().strip();
    }
}
