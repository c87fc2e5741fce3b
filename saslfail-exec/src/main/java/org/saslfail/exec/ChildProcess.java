package org.saslfail.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one way saslfail runs a program (sendmail, fail2ban-client, tar, postconf): fixed arguments,
 * never a shell; standard output and error read together on a thread of their own (kept up to a
 * cap, the rest drained) and standard input written on another, so that a child that hangs, never
 * reads its input or never closes its output cannot block saslfail; and a time limit that really
 * applies: when it passes, the child and its descendants are killed.
 */
public final class ChildProcess {
    /** How long to wait for the output after the child ended (a grandchild may hold the pipe open). */
    private static final long DRAIN_MILLIS = 1000;

    private ChildProcess() {
    }

    /** How a run ended: its exit code (or {@code -1} when it was killed at its limit) and its output. */
    public record Result(int code, String output, boolean timedOut) {
        public boolean ok() {
            return !timedOut && code == 0;
        }

        /** The last non-empty line of the output, or "no output". */
        public String lastLine() {
            String t = output.strip();
            return t.isEmpty() ? "no output" : t.substring(t.lastIndexOf('\n') + 1);
        }
    }

    /**
     * Runs {@code command} with {@code input} on its standard input (none when null) and returns
     * within about {@code limit}. Throws IOException when the program cannot be started.
     *
     * @param maxOutput how many bytes of output to keep; the rest is read and dropped
     */
    public static Result run(List<String> command, byte[] input, Duration limit, int maxOutput)
            throws IOException, InterruptedException {
        Objects.requireNonNull(limit, "limit");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Capture out = new Capture(p.getInputStream(), maxOutput);
        Thread reader = new Thread(out, "child-output-" + command.get(0));
        reader.setDaemon(true);
        reader.start();
        Thread writer = null;
        if (input == null) {
            closeQuietly(p.getOutputStream());
        } else {
            writer = new Thread(() -> feed(p.getOutputStream(), input), "child-input-" + command.get(0));
            writer.setDaemon(true);
            writer.start();
        }
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                reader.join(DRAIN_MILLIS);
                return new Result(-1, out.text(), true);
            }
            reader.join(DRAIN_MILLIS);
            return new Result(p.exitValue(), out.text(), false);
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        } finally {
            if (reader.isAlive()) {
                closeQuietly(p.getInputStream()); // a descendant still holds the pipe: stop reading it
            }
            if (writer != null && writer.isAlive()) {
                closeQuietly(p.getOutputStream());
            }
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void feed(OutputStream in, byte[] input) {
        try (in) {
            in.write(input);
        } catch (IOException e) {
            // the child closed its input or was killed; its exit code and output tell the rest
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Reads a stream to its end, keeping the first {@code max} bytes. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Capture(InputStream in, int max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (kept) {
                        if (kept.size() < max) {
                            kept.write(chunk, 0, Math.min(n, max - kept.size()));
                        }
                    }
                }
            } catch (IOException e) {
                // closed because the child was killed or ended with a descendant holding the pipe
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
