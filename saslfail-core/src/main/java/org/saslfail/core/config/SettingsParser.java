package org.saslfail.core.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.Texts;
import org.saslfail.core.policy.InvalidPolicyException;

/**
 * Parses saslfail.conf: {@code key = value} lines, {@code #} comments (whole line, or after
 * whitespace), blank lines. Unknown keys, duplicates and bad values are errors naming the
 * file, line and key.
 */
public final class SettingsParser {

    private SettingsParser() {
    }

    /**
     * Parses a config file's bytes, which must be UTF-8: a byte sequence that is not names its line
     * (instead of the decoder's "Input length = 1").
     */
    public static Settings parse(String source, byte[] content) {
        StringBuilder text = new StringBuilder(content.length);
        int line = 1;
        for (int i = 0; i < content.length; ) {
            int b = content[i] & 0xff;
            int extra = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
            int cp = extra == 0 ? b : extra == 1 ? b & 0x1f : extra == 2 ? b & 0x0f : b & 0x07;
            boolean ok = extra >= 0 && i + extra < content.length;
            for (int k = 1; ok && k <= extra; k++) {
                int c = content[i + k] & 0xff;
                ok = (c & 0xc0) == 0x80;
                cp = (cp << 6) | (c & 0x3f);
            }
            // overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either
            ok = ok && !(extra == 2 && (cp < 0x800 || cp >= 0xd800 && cp <= 0xdfff)) && !(extra == 3 && (cp < 0x10000 || cp > 0x10ffff));
            if (!ok) {
                throw ConfigException.at(source, line, null, "not UTF-8 text (byte 0x"
                        + Integer.toHexString(0x100 | b).substring(1) + "); save the file as UTF-8");
            }
            if (cp == '\n') {
                line++;
            }
            text.appendCodePoint(cp);
            i += extra + 1;
        }
        return parse(source, text.toString().lines().toList());
    }

    /** Parses the lines of a config file; {@code source} names it in errors. */
    public static Settings parse(String source, List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw ConfigException.at(source, lineNo, null, "expected 'key = value', got " + Texts.quoteShort(line));
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            Keys.Key k = Keys.all().get(key);
            if (k == null) {
                throw ConfigException.at(source, lineNo, key, "unknown key" + suggestion(key));
            }
            if (lineOf.containsKey(key)) {
                throw ConfigException.at(source, lineNo, key, "set twice (first on line " + lineOf.get(key) + ")");
            }
            try {
                k.check().accept(value);
            } catch (IllegalArgumentException e) {
                throw ConfigException.at(source, lineNo, key, e.getMessage());
            }
            values.put(key, value);
            lineOf.put(key, lineNo);
        }
        Settings settings = new Settings(values, source);
        try {
            settings.policy(List.of());
        } catch (InvalidPolicyException e) {
            // the line of the key that made the policy impossible (none when it is a default)
            throw ConfigException.at(source, lineOf.getOrDefault(e.key(), 0), e.key(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(source, 0, null, e.getMessage());
        }
        return settings;
    }

    private static String stripComment(String line) {
        String trimmed = line.stripLeading();
        if (trimmed.startsWith("#")) {
            return "";
        }
        for (int i = 1; i < line.length(); i++) {
            if (line.charAt(i) == '#' && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = 3;
        for (String known : Keys.all().keySet()) {
            int d = distance(key, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
