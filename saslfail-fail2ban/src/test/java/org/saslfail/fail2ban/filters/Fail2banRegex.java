package org.saslfail.fail2ban.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code fail2ban-regex} (a child process, no shell) over many lines at once and maps every
 * reported failure back to the line it came from, so one slow-starting process checks a whole corpus.
 */
final class Fail2banRegex {
    private static final long TIMEOUT_SECONDS = 300;

    /** The outcome of one run: for each input line the address fail2ban took from it, or null. */
    record Run(List<String> lines, List<String> hosts, Duration elapsed) {
        String host(int line) {
            return hosts.get(line);
        }
    }

    private Fail2banRegex() {
    }

    static Path binary() {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(dir -> Path.of(dir, "fail2ban-regex"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(), "fail2ban-regex is not installed (package fail2ban)");
        return found.get();
    }

    /**
     * The filter file shipped in this module, e.g. {@code saslfail-postfix}, copied from the class path
     * (the module's jar under Failsafe) into {@code dir/filter.d/}.
     */
    static Path filter(String name, Path dir) throws IOException {
        try (InputStream in = Fail2banRegex.class.getResourceAsStream("/fail2ban/filter.d/" + name + ".conf")) {
            if (in == null) {
                throw new IllegalStateException("filter " + name + ".conf is not on the class path");
            }
            Path file = Files.createDirectories(dir.resolve("filter.d")).resolve(name + ".conf");
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    /** Runs the shipped filter {@code name} over {@code lines}. */
    static Run run(String name, List<String> lines, Path dir) throws IOException, InterruptedException {
        return run(filter(name, dir), lines, dir);
    }

    /** Runs {@code filter} (a filter file) over {@code lines}, written to a file in {@code dir}. */
    static Run run(Path filter, List<String> lines, Path dir) throws IOException, InterruptedException {
        for (String line : lines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a log line may not contain a line break");
            }
        }
        Path input = Files.createTempFile(dir, "input", ".log");
        // every line ends with a newline: fail2ban ignores an unterminated last line
        Files.writeString(input, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> argv = List.of(binary().toString(), "-e", "UTF-8", "-o", "<ip>\t<msg>", input.toString(), filter.toString());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("fail2ban-regex did not finish within " + TIMEOUT_SECONDS + " s");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, process.exitValue(), () -> "fail2ban-regex failed: " + read(err));
        return new Run(List.copyOf(lines), mapBack(lines, Files.readAllLines(out, StandardCharsets.UTF_8)), elapsed);
    }

    // fail2ban-regex reports failures in input order; each output row "<ip>\t<line>" belongs to the next
    // input line with that text (identical lines are matched in turn)
    private static List<String> mapBack(List<String> lines, List<String> output) {
        List<String> hosts = new ArrayList<>(java.util.Collections.nCopies(lines.size(), (String) null));
        int cursor = 0;
        for (String row : output) {
            int tab = row.indexOf('\t');
            assertTrue(tab > 0, () -> "unexpected fail2ban-regex output: " + row);
            String ip = row.substring(0, tab);
            String text = row.substring(tab + 1).strip();
            int at = cursor;
            while (at < lines.size() && !lines.get(at).strip().equals(text)) {
                at++;
            }
            final int from = cursor;
            assertTrue(at < lines.size(), () -> "output row not found after input line " + from + ": " + row);
            hosts.set(at, ip);
            cursor = at + 1;
        }
        return hosts;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
