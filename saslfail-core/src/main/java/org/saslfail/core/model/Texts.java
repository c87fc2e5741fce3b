package org.saslfail.core.model;

/** Helpers for putting attacker-supplied text into messages safely. */
public final class Texts {
    private static final int SHORT = 60;

    private Texts() {
    }

    /**
     * Quotes a value for an error message: control characters become {@code \\uXXXX} escapes and
     * long values are cut, so a hostile string cannot forge log lines or flood the terminal.
     */
    public static String quoteShort(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), SHORT) + 8).append('"');
        int limit = Math.min(value.length(), SHORT);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || (c >= 0x80 && Character.isISOControl(c))) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > SHORT) {
            sb.append("…(").append(value.length()).append(" chars)");
        }
        return sb.append('"').toString();
    }
}
