package org.saslfail.cli;

import com.google.inject.ProvisionException;
import java.io.PrintWriter;
import java.util.List;
import org.saslfail.core.config.ConfigException;
import org.saslfail.core.model.Texts;
import org.saslfail.core.port.in.InvalidCommandException;
import org.saslfail.installer.BadInputException;
import picocli.CommandLine;

/**
 * The one place that turns exceptions into a one-line message and an exit code: 2 for usage and
 * configuration errors, 1 for runtime and data failures. Only the exceptions that say "what you
 * asked for is wrong" are 2 ({@link UsageException}, {@link ConfigException}, picocli's parameter
 * errors, the installer's {@link BadInputException}, a use case's {@link InvalidCommandException}); a plain IllegalArgumentException is 1, since
 * it may come from a corrupt row in the store as much as from an argument (commands turn bad
 * arguments into UsageException where they parse them). Set SASLFAIL_DEBUG=1 for stack traces.
 * A command line that does not parse gets the Unix treatment: one line on standard error,
 * {@code saslfail: unknown option '--foo'. Try 'saslfail list --help'.}, never the whole usage.
 */
public final class Errors implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper,
        CommandLine.IParameterExceptionHandler {
    public static final int RUNTIME = 1;
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println("saslfail: " + message(ex));
        if (System.getenv("SASLFAIL_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return getExitCode(ex);
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("saslfail: " + parseMessage(ex) + ". Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return USAGE;
    }

    /** The parse error in a few words, with "did you mean" for a mistyped command or option. */
    private static String parseMessage(CommandLine.ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            boolean option = word.startsWith("-");
            java.util.Collection<String> known = option ? cmd.getCommandSpec().optionsMap().keySet()
                    : cmd.getSubcommands().keySet();
            if (option || !known.isEmpty()) {
                String what = option ? "option" : "command";
                List<String> near = Suggestions.near(option ? word.replaceFirst("=.*", "") : word, known);
                return "unknown " + what + " '" + word + "'"
                        + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near.stream().limit(3)
                                .map(n -> "'" + n + "'").toList()) + "?)");
            }
            return "unexpected argument '" + word + "'";
        }
        String m = ex.getMessage() == null ? "cannot read the command line" : ex.getMessage().replaceAll("[\\r\\n]+", " ");
        m = m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /** What went wrong, without Guice's report around a failure inside a provider (a store that cannot open). */
    private static Throwable unwrap(Throwable ex) {
        Throwable t = ex;
        while (t instanceof ProvisionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public int getExitCode(Throwable thrown) {
        Throwable ex = unwrap(thrown);
        if (ex instanceof UsageException || ex instanceof ConfigException || ex instanceof BadInputException
                || ex instanceof InvalidCommandException
                || ex instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return RUNTIME;
    }

    public static String message(Throwable thrown) {
        return Texts.oneLine(unwrap(thrown));
    }
}
