package org.saslfail.fail2ban.nft;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.saslfail.core.port.out.BanSetException;

/**
 * Runs the {@code nft} program without a shell: a script goes to {@code nft -f -} on its
 * standard input (one transaction), a listing comes back from its standard output. The command
 * is a fixed argument list ({@code nft}, or {@code ip netns exec NAME nft} in tests); nothing
 * typed by anyone but the administrator becomes an argument.
 */
final class Nft {
    private static final long TIMEOUT_SECONDS = 120;
    private final List<String> command;

    Nft(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no nft command");
        }
        this.command = List.copyOf(command);
    }

    List<String> command() {
        return command;
    }

    /** Something that writes a script, piece by piece, to nft's standard input. */
    @FunctionalInterface
    interface Script {
        void writeTo(Writer out) throws IOException;
    }

    /** Runs {@code script} as one transaction; throws with nft's own first error line when it is refused. */
    void run(String script) {
        run(out -> out.write(script));
    }

    /** Runs a script written straight into nft's standard input (a load of 500,000 elements is never one string). */
    void run(Script script) {
        exec(List.of("-f", "-"), script, null);
    }

    /** Runs {@code script} in check mode ({@code nft -c}: the kernel runs it and rolls it back); throws when refused. */
    void check(String script) {
        exec(List.of("-c", "-f", "-"), out -> out.write(script), null);
    }

    /** Runs a read-only nft command and returns what it printed. */
    String read(String... args) {
        StringBuilder out = new StringBuilder();
        exec(List.of(args), null, line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** Runs a read-only nft command and hands what it prints to {@code lines}, one line at a time. */
    void readLines(Consumer<String> lines, String... args) {
        exec(List.of(args), null, lines);
    }

    private void exec(List<String> args, Script stdin, Consumer<String> stdout) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new BanSetException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(p.getErrorStream(), err), "nft-stderr");
        errReader.setDaemon(true);
        errReader.start();
        try {
            try (Writer in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII), 1 << 16)) {
                if (stdin != null) {
                    stdin.writeTo(in);
                }
            } catch (IOException e) {
                // nft stopped reading (it refused the script): its exit code and message say why
            }
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (stdout != null) {
                        stdout.accept(line);
                    }
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BanSetException("nft did not finish within " + TIMEOUT_SECONDS + " s");
            }
            errReader.join(1000);
            if (p.exitValue() != 0) {
                throw new BanSetException("nft refused: " + firstLine(err.toString(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new BanSetException("nft failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BanSetException("interrupted while nft ran", e);
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try (from) {
            from.transferTo(to);
        } catch (IOException e) {
            // the exit code says what matters
        }
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        String line = nl < 0 ? t : t.substring(0, nl);
        return line.isEmpty() ? "(no message)" : line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
