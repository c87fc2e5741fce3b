package org.saslfail.notify;

/** Makes text safe for where it goes: a mail header, an HTML page, a plain-text body. */
final class Sanitize {
    static final int MAX_SUBJECT = 200;

    private Sanitize() {
    }

    /** A header value: every control character (CR and LF included) and line/paragraph separator removed. */
    static String header(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        value.codePoints().filter(c -> !isControl(c)).forEach(sb::appendCodePoint);
        return sb.toString().strip();
    }

    /** A subject: a header value in printable ASCII only, at most {@value #MAX_SUBJECT} characters. */
    static String subject(String value) {
        StringBuilder sb = new StringBuilder();
        header(value).codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return sb.length() > MAX_SUBJECT ? sb.substring(0, MAX_SUBJECT) : sb.toString();
    }

    /** A body line: control characters shown as {@code \\uXXXX}, so they cannot forge lines. */
    static String line(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (isControl(c) && c != '\t') {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** HTML text or attribute content: the five markup characters as entities, after {@link #line}. */
    static String html(String value) {
        String clean = line(value);
        StringBuilder sb = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isControl(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85;
    }
}
