package org.saslfail.cli.output;

import java.io.PrintWriter;
import org.saslfail.cli.UsageException;
import org.saslfail.core.report.LeftOut;

/**
 * How listings are cut, the same for every command: on a terminal at a default length, into a
 * pipe or file never (so {@code list | grep} sees every event); and whenever rows were left out,
 * a footer on standard error says how many ({@code … 744 more (use --limit)}, or
 * {@code … over 10000 more (use --limit or --since)} where they were not all counted).
 */
public final class Limits {
    private Limits() {
    }

    /** The limit to use: the one given (at least 1), else {@code onTerminal} on a terminal and no limit otherwise. */
    public static int resolve(Integer given, int onTerminal) {
        if (given == null) {
            return interactive() ? onTerminal : Integer.MAX_VALUE;
        }
        if (given < 1) {
            throw new UsageException("--limit must be at least 1, got " + given);
        }
        return given;
    }

    /** Whether a person reads the output: standard input and output are a terminal. */
    public static boolean interactive() {
        return System.console() != null;
    }

    /** Says on standard error how many rows were left out, if any. */
    public static void footer(PrintWriter err, long leftOut) {
        footer(err, LeftOut.exactly(leftOut));
    }

    /** Says on standard error how many rows were left out, if any, or more than how many. */
    public static void footer(PrintWriter err, LeftOut leftOut) {
        if (leftOut.any()) {
            err.println(leftOut.exact() ? "… " + leftOut.count() + " more (use --limit)"
                    : "… over " + leftOut.count() + " more (use --limit or --since)");
            err.flush();
        }
    }

    /**
     * The JSON keys of what was left out: {@code left_out} the exact count, or null when the rows
     * were not all counted, and then {@code left_out_more_than} the count they exceed (else null).
     */
    public static void json(java.util.Map<String, Object> doc, LeftOut leftOut) {
        doc.put("left_out", leftOut.exact() ? leftOut.count() : null);
        doc.put("left_out_more_than", leftOut.exact() ? null : leftOut.count());
    }
}
