package org.saslfail.fail2ban.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format (0.0.4) for tests: it throws on anything
 * the format does not allow (a sample before its family's TYPE, a second HELP or TYPE, a bad
 * name, an unescaped label value, a value Go's ParseFloat would refuse, a duplicate series, a
 * counter not named *_total, a missing final line feed) and returns each series' value, keyed
 * {@code name{label="value",...}} as written. {@link #promtool(String)} also runs Prometheus' own
 * checker when testbed/promtool.sh can provide it.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) (" + NAME + ") (.*)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusText() {
    }

    /** The series and their values; throws IllegalArgumentException naming the line at the first fault. */
    public static Map<String, Double> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line has no line feed");
        }
        Map<String, String> types = new HashMap<>();
        Set<String> helps = new HashSet<>();
        Set<String> sampled = new HashSet<>();
        Map<String, Double> series = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "': ";
            if (line.startsWith("#")) {
                Matcher c = COMMENT.matcher(line);
                if (!c.matches()) {
                    if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                        throw new IllegalArgumentException(where + "malformed");
                    }
                    continue; // a plain comment
                }
                String family = c.group(2);
                if (sampled.contains(family)) {
                    throw new IllegalArgumentException(where + c.group(1) + " after the family's samples");
                }
                if (c.group(1).equals("TYPE")) {
                    if (!TYPES.contains(c.group(3)) || types.put(family, c.group(3)) != null) {
                        throw new IllegalArgumentException(where + "bad or second TYPE");
                    }
                    if (c.group(3).equals("counter") && !family.endsWith("_total")) {
                        throw new IllegalArgumentException(where + "a counter's name should end in _total");
                    }
                } else if (!helps.add(family) || !c.group(3).matches("(?:[^\\\\]|\\\\[\\\\n])*")) {
                    throw new IllegalArgumentException(where + "second HELP, or a bad escape in it");
                }
                continue;
            }
            if (line.isBlank()) {
                throw new IllegalArgumentException(where + "blank line");
            }
            Matcher s = SAMPLE.matcher(line);
            if (!s.matches()) {
                throw new IllegalArgumentException(where + "not a sample");
            }
            String name = s.group(1);
            if (!types.containsKey(name)) {
                throw new IllegalArgumentException(where + "sample without a TYPE line before it");
            }
            sampled.add(name);
            if (s.group(3) != null) {
                Matcher l = LABEL.matcher(s.group(3));
                int end = 0;
                Set<String> labelNames = new HashSet<>();
                while (end < s.group(3).length() && l.find(end) && l.start() == end) {
                    if (!labelNames.add(l.group(1))) {
                        throw new IllegalArgumentException(where + "label " + l.group(1) + " twice");
                    }
                    end = l.end();
                }
                if (end != s.group(3).length() || s.group(3).isEmpty()) {
                    throw new IllegalArgumentException(where + "bad labels");
                }
            }
            if (!FLOAT.matcher(s.group(4)).matches()) {
                throw new IllegalArgumentException(where + "bad value " + s.group(4));
            }
            String key = name + (s.group(2) == null ? "" : s.group(2));
            if (series.put(key, value(s.group(4))) != null) {
                throw new IllegalArgumentException(where + "series " + key + " twice");
            }
        }
        return series;
    }

    private static double value(String v) {
        return switch (v.replace("+", "")) {
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /**
     * Prometheus' own {@code promtool check metrics} on the text: empty when it finds no problem,
     * else its complaint; throws when no promtool can be had (testbed/promtool.sh).
     */
    public static Optional<String> promtool(String text) throws IOException, InterruptedException {
        Path script = Path.of("../testbed/promtool.sh").toAbsolutePath().normalize();
        Process find = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        String tool = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!find.waitFor(300, TimeUnit.SECONDS) || find.exitValue() != 0 || tool.isEmpty()) {
            throw new IllegalStateException(script + " found no promtool: " + tool);
        }
        Process check = new ProcessBuilder(tool, "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!check.waitFor(60, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new IllegalStateException("promtool did not finish");
        }
        return check.exitValue() == 0 && out.isEmpty() ? Optional.empty() : Optional.of("exit " + check.exitValue() + ": " + out);
    }
}
