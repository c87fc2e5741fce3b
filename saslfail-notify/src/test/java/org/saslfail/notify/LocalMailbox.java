package org.saslfail.notify;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away system user whose Postfix mailbox ({@code /var/mail/USER}, mbox) the tests read
 * back. Created with {@code useradd -M}, deleted with its mailbox in {@link #close()}.
 */
public final class LocalMailbox implements AutoCloseable {
    static final Path TESTBED = Path.of("..", "testbed", "mailserver.sh");
    private static final long WAIT_MS = 30_000;
    final String user;
    final Path mbox;

    private LocalMailbox(String user) {
        this.user = user;
        this.mbox = Path.of("/var/mail", user);
    }

    /** Starts the shared Postfix (idempotent) and creates the user; skips the test when that cannot be done. */
    public static LocalMailbox create() throws Exception {
        assumeTrue("0".equals(run("id", "-u").strip()), "needs root (creates a system user)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/postfix")), "needs postfix (testbed/install-packages.sh)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "needs useradd");
        run("bash", TESTBED.toString(), "up");
        String user = "sfnotify" + ProcessHandle.current().pid() % 100000;
        run("useradd", "-M", "-s", "/usr/sbin/nologin", user);
        return new LocalMailbox(user);
    }

    public String address() {
        return user + "@localhost";
    }

    /** Empties the mailbox between tests. */
    public void clear() throws IOException {
        Files.deleteIfExists(mbox);
    }

    /** Waits until the mailbox holds at least {@code n} messages, then returns every message in it. */
    public List<ParsedMail> await(int n) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        List<byte[]> raw = read();
        while (raw.size() < n && System.nanoTime() < end) {
            Thread.sleep(100);
            raw = read();
        }
        if (raw.size() < n) {
            throw new AssertionError("mailbox " + mbox + " has " + raw.size() + " messages, expected " + n
                    + " within " + WAIT_MS + " ms (see /var/log/postfix.log)");
        }
        return raw.stream().map(ParsedMail::parse).toList();
    }

    /** Splits the mbox at its "From " separator lines (Postfix quotes body lines that start so). */
    public List<byte[]> read() throws IOException {
        return read(mbox);
    }

    /** The messages of an mbox file (none when it does not exist), split as {@link #read()} does. */
    public static List<byte[]> read(Path mbox) throws IOException {
        if (!Files.exists(mbox)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(mbox, StandardCharsets.ISO_8859_1);
        List<byte[]> messages = new ArrayList<>();
        StringBuilder current = null;
        boolean previousBlank = true;
        for (String line : lines) {
            if (previousBlank && line.startsWith("From ")) {
                if (current != null) {
                    messages.add(current.toString().getBytes(StandardCharsets.ISO_8859_1));
                }
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append("\r\n");
            }
            previousBlank = line.isEmpty();
        }
        if (current != null) {
            messages.add(current.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return messages;
    }

    @Override
    public void close() throws Exception {
        run("userdel", user);
        Files.deleteIfExists(mbox);
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
