package org.saslfail.fail2ban.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes Prometheus' text exposition format (version 0.0.4): per family one {@code # HELP} and one
 * {@code # TYPE} line before its samples, label values escaped ({@code \\}, {@code "}, line feed),
 * HELP text escaped ({@code \\}, line feed), values as Go prints floats ({@code NaN}, {@code +Inf}).
 */
final class Exposition {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(2048);
    private String family;

    /** Starts a family; its samples follow. */
    Exposition family(String name, String type, String help) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        family = name;
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample of the current family without labels. */
    Exposition sample(double value) {
        return sample(Map.of(), value);
    }

    /** A sample of the current family with one label. */
    Exposition sample(String label, String labelValue, double value) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(label, labelValue);
        return sample(labels, value);
    }

    Exposition sample(Map<String, String> labels, double value) {
        out.append(family);
        if (!labels.isEmpty()) {
            out.append('{');
            String sep = "";
            for (Map.Entry<String, String> l : labels.entrySet()) {
                out.append(sep).append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
                sep = ",";
            }
            out.append('}');
        }
        return append(value);
    }

    private Exposition append(double value) {
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    String text() {
        return out.toString();
    }
}
