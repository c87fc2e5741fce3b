package org.saslfail.core.model;

import java.util.regex.Pattern;

/**
 * A fail2ban jail name. Jail names reach the fail2ban socket, whose writers are root, so only
 * letters, digits, {@code - _ .} and at most 64 characters are accepted.
 */
public record JailName(String value) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public JailName {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid jail name " + Texts.quoteShort(value)
                    + " (letters, digits, '-', '_', '.', at most 64)");
        }
    }

    public static JailName of(String value) {
        return new JailName(value);
    }

    /** The strike-1 jail of a service, {@code saslfail-postfix}: the one place this name is built. */
    public static JailName strikeOne(Service service) {
        return new JailName("saslfail-" + service.id());
    }

    /** The enforcement jail of ladder step {@code k} (2 and up; 1 holds other fleet nodes' strike-1 bans), {@code saslfail-strike2}: the one place this name is built. */
    public static JailName tier(int k) {
        return new JailName("saslfail-strike" + k);
    }

    @Override
    public String toString() {
        return value;
    }
}
