package org.saslfail.cli.command;

import picocli.CommandLine.Option;

/** {@code --json} for report commands. */
public final class JsonOption {
    @Option(names = "--json", description = "Print machine-readable JSON (snake_case fields, ISO-8601 UTC times).")
    boolean json;
}
