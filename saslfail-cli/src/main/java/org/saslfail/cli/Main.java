package org.saslfail.cli;

import org.saslfail.cli.wiring.CliModule;
import org.saslfail.cli.wiring.GuiceFactory;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code saslfail} command. */
public final class Main {

    static {
        // A command run is too short for Guice's generated fast-invocation classes to pay for
        // themselves (reflection is enough for a few dozen objects), and nobody reads the binding
        // source locations its stack-trace collection gathers (bench/startup). No AOP is used.
        setIfAbsent("guice_bytecode_gen_option", "DISABLED");
        setIfAbsent("guice_include_stack_traces", "OFF");
    }

    private Main() {
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
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
        return commandLine(out, err, args.length > 0 ? args[0] : null).execute(args);
    }

    /** The whole command tree (for help, completion and build files). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /**
     * The command tree for a run whose first word is {@code first}: just that subcommand when it
     * names one, else all of them (so that help, errors and suggestions see every command).
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String first) {
        Injector injector = Guice.createInjector(new CliModule());
        GuiceFactory factory = new GuiceFactory(injector);
        CommandLine cl = new CommandLine(SaslfailCommand.class, factory);
        Class<?> only = null;
        for (Class<?> sub : SaslfailCommand.SUBCOMMANDS) {
            if (sub != CommandLine.HelpCommand.class && sub.getAnnotation(CommandLine.Command.class).name().equals(first)) {
                only = sub;
            }
        }
        for (Class<?> sub : only != null ? java.util.List.<Class<?>>of(only) : SaslfailCommand.SUBCOMMANDS) {
            cl.addSubcommand(new CommandLine(sub, factory));
        }
        // after the subcommands: picocli gives a converter to the commands present when it is registered
        cl.registerConverter(java.nio.file.Path.class, new NonBlank.Paths());
        cl.setOut(out);
        cl.setErr(err);
        Errors errors = new Errors();
        cl.setExecutionExceptionHandler(errors);
        cl.setExitCodeExceptionMapper(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }
}
