package org.saslfail.cli.output;

import java.io.PrintWriter;
import org.saslfail.cli.UsageException;

/**
 * How listings are cut, the same for every command: on a terminal at a default length, into a
 * pipe or file never (so {@code list | grep} sees every event); and whenever rows were left out,
 * a footer on standard error says how many ({@code … 744 more (use --limit)}).
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
        if (leftOut > 0) {
            err.println("… " + leftOut + " more (use --limit)");
            err.flush();
        }
    }
}
