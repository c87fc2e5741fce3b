package org.saslfail.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The one way commands that erase something ask first: on a terminal they ask (the default is
 * no); elsewhere they need {@code --yes}, so a script never erases by accident.
 */
final class Confirmation {
    @Option(names = {"-y", "--yes"}, description = "Do not ask. Needed where there is no terminal to ask on.")
    boolean yes;

    /**
     * Whether to go ahead with {@code what} (a sentence naming what will be lost); prints
     * "Nothing changed." when the answer is no.
     */
    boolean confirm(PrintWriter out, String what) {
        if (yes) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            throw new UsageException(what + "; there is no terminal to ask on, so confirm with --yes");
        }
        String answer = console.readLine("%s. Go ahead? [y/N] ", what);
        if (answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
            return true;
        }
        out.println("Nothing changed.");
        out.flush();
        return false;
    }
}
