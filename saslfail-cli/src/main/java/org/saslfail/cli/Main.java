package org.saslfail.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code saslfail} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        // the one answer that needs neither the command tree nor Guice: keeps 'saslfail --version' instant
        int code;
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println(new SaslfailCommand.Version().getVersion()[0]);
            code = 0;
        } else {
            code = run(out, err, args);
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given streams and returns the exit code (0, 1 or 2). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Injector injector = Guice.createInjector(new CliModule());
        CommandLine cl = new CommandLine(SaslfailCommand.class, new GuiceFactory(injector));
        cl.setOut(out);
        cl.setErr(err);
        Errors errors = new Errors();
        cl.setExecutionExceptionHandler(errors);
        cl.setExitCodeExceptionMapper(errors);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }
}
