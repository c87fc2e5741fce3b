package org.saslfail.fail2ban.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Postfix filter against the lines a real Postfix with Dovecot SASL writes (DESIGN §4): swaks in a
 * network namespace fails AUTH with LOGIN and PLAIN over IPv4 and IPv6 and logs in once with the right
 * password; fail2ban-regex must take exactly the four failures, each from the namespace's address.
 */
class LivePostfixIT {
    private static final String NS = "flt1";
    private static final String HOST4 = "10.77.1.1";
    private static final String CLIENT4 = "10.77.1.2";
    private static final String HOST6 = "fd77:1::1";
    private static final String CLIENT6 = "fd77:1::2";
    private static final Pattern OUR_CLIENT = Pattern.compile("(?<![0-9A-Fa-f:.])(?:10\\.77\\.1\\.2|fd77:1::2)(?![0-9A-Fa-f:.]*[0-9A-Fa-f])");
    private static final Pattern SASL_FAILURE = Pattern.compile("warning: unknown\\[[^\\]]+\\]: SASL (LOGIN|PLAIN) authentication failed: ");

    private static Path repo;
    private static boolean namespaceAdded;

    @TempDir
    Path tmp;

    @BeforeAll
    static void requireRootAndTools() throws IOException {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")),
                "not root: the live Postfix test needs network namespaces");
        for (String tool : List.of("swaks", "ip", "postfix", "doveadm", "fail2ban-regex")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed (testbed/install-packages.sh)");
        }
        repo = repositoryRoot();
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (namespaceAdded) {
            exec(List.of(repo.resolve("testbed/netns.sh").toString(), "del", NS), 30);
        }
    }

    @Test
    void filterTakesExactlyTheFailuresPostfixWroteWithTheClientsAddress() throws Exception {
        Path log = Path.of(execOk(List.of(repo.resolve("testbed/mailserver.sh").toString(), "up"), 120).strip());
        namespaceAdded = true;
        execOk(List.of(repo.resolve("testbed/netns.sh").toString(), "add", NS,
                HOST4 + "/24", CLIENT4 + "/24", HOST6 + "/64", CLIENT6 + "/64"), 30);
        long start = Files.size(log);

        swaks(HOST4, "LOGIN", "wrong", false);
        swaks(HOST4, "PLAIN", "wrong", false);
        swaks(HOST6, "LOGIN", "wrong", true);
        swaks(HOST6, "PLAIN", "wrong", true);
        swaks(HOST4, "PLAIN", "secret", false);
        List<String> lines = ourLinesOnceAllSessionsEnded(log, start, 5);

        Fail2banRegex.Run run = Fail2banRegex.run("saslfail-postfix", lines, tmp);

        List<String> matched = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean failure = SASL_FAILURE.matcher(line).find();
            String expected = !failure ? null : line.contains("[" + CLIENT6 + "]") ? CLIENT6 : CLIENT4;
            assertEquals(expected, run.host(i), "line: " + line);
            if (run.host(i) != null) {
                matched.add(run.host(i) + " " + SASL_FAILURE.matcher(line).results().findFirst().orElseThrow().group(1));
            }
        }
        assertEquals(List.of(CLIENT4 + " LOGIN", CLIENT4 + " PLAIN", CLIENT6 + " LOGIN", CLIENT6 + " PLAIN"), matched, "all lines: " + lines);
        // the lines that must not count were really written, so not matching them means something
        assertTrue(lines.stream().anyMatch(l -> l.contains("sasl_method=PLAIN, sasl_username=alice")), "no successful login in " + lines);
        assertEquals(4, lines.stream().filter(l -> l.contains("disconnect from") && l.contains(" auth=0/1 ")).count(), "companion lines: " + lines);
    }

    private static void swaks(String server, String mechanism, String password, boolean ipv6) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", NS, "swaks", ipv6 ? "-6" : "-4", "--server", server,
                "--auth", mechanism, "--auth-user", "alice", "--auth-password", password, "--timeout", "20"));
        if (password.equals("secret")) {
            // a transaction, so Postfix writes its "client=..., sasl_method=..., sasl_username=..." line
            argv.addAll(List.of("--from", "alice@example.org", "--to", "root@localhost", "--quit-after", "RCPT"));
        } else {
            argv.addAll(List.of("--quit-after", "AUTH"));
        }
        exec(argv, 60); // swaks exits non-zero when AUTH fails: that is the point
    }

    // Postfix writes through postlogd, a little after the SMTP dialogue: wait for every session's disconnect line
    private static List<String> ourLinesOnceAllSessionsEnded(Path log, long start, int sessions) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> ours;
        do {
            Thread.sleep(200);
            ours = linesSince(log, start).stream().filter(l -> OUR_CLIENT.matcher(l).find()).toList();
        } while (ours.stream().filter(l -> l.contains("disconnect from")).count() < sessions && System.nanoTime() < deadline);
        return ours;
    }

    private static List<String> linesSince(Path log, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = f.length() < offset ? 0 : offset; // rotated meanwhile: read the new file whole
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank()).toList();
        }
    }

    private static String execOk(List<String> argv, int timeoutSeconds) throws Exception {
        Result r = exec(argv, timeoutSeconds);
        assertEquals(0, r.exit, () -> argv + " failed: " + r.output);
        return r.output;
    }

    private record Result(int exit, String output) {
    }

    private static Result exec(List<String> argv, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("saslfail-live", ".out");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(argv + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        return Arrays.stream(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("testbed/mailserver.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("testbed/mailserver.sh not found above " + System.getProperty("user.dir"));
    }
}
