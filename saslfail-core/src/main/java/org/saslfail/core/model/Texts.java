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

    /**
     * What went wrong, in one line: the exception's message (of its cause for an unchecked I/O
     * error), or its type when it has none.
     */
    public static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        // by name: the core holds no java.io type, not even to recognise one
        if ("java.io.UncheckedIOException".equals(ex.getClass().getName()) && ex.getCause() != null) {
            m = ex.getCause().getMessage();
        }
        if (m == null || m.isBlank()) {
            return "internal error: " + ex.getClass().getName() + " (run with SASLFAIL_DEBUG=1 for details)";
        }
        return m.replaceAll("[\\r\\n]+", " ");
    }
}
