package org.saslfail.cli.output;

import java.io.PrintWriter;

/**
 * Labelled figures in one aligned column, and the labels of the figures that several commands
 * print ({@code replay}, {@code report summary}), so that one fact has one name everywhere.
 */
public final class Figures {
    public static final String OFFENSES = "Offenses";
    public static final String RESTORES = "Restores (never counted)";
    public static final String REPEATS = "Repeats while banned (never counted)";
    /** Where the values start: after the longest label. */
    private static final int WIDTH = 40;

    private final PrintWriter out;

    public Figures(PrintWriter out) {
        this.out = out;
    }

    /** A top-level figure: {@code Offenses:   316}. */
    public void line(String label, Object value) {
        out.println(pad(label + ":") + value);
    }

    /** A figure under the previous one, indented: {@code   strike 1:   254}. */
    public void sub(String label, Object value) {
        out.println(pad("  " + label + ":") + value);
    }

    private static String pad(String label) {
        return label.length() >= WIDTH ? label + " " : label + " ".repeat(WIDTH - label.length());
    }
}
