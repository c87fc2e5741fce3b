package org.saslfail.fail2ban.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tried user names are read from attacker-written text: in the daemon's own JVM (its
 * -Xss256k and heap, from packaging/daemon-jvm.options) an ordinary Postfix line and a name of
 * 10,000 characters give names, never a StackOverflowError.
 */
class TriedUsernamesTest {
    /** A Postfix failure line as fail2ban stores it in the ban's {@code data} (216 characters before the name). */
    static String data(String... names) {
        StringBuilder sb = new StringBuilder("{\"matches\": [");
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("[\"2026-11-28T16:02:34.123456+01:00 mail postfix/submission/smtpd[12345]: warning: "
                    + "unknown[203.0.113.9]: SASL LOGIN authentication failed: (reason unavailable), "
                    + "sasl_method=LOGIN, sasl_username=\\\"quoted\\\\" + names[i] + "\"]");
        }
        return sb.append("], \"failures\": ").append(names.length).append("}").toString();
    }

    /** Run in a child JVM with the daemon's options; prints what it found. */
    public static void main(String[] args) throws InterruptedException {
        List<String> out = new ArrayList<>();
        Thread t = new Thread(() -> {
            out.addAll(TriedUsernames.fromData(data("alice", "x".repeat(10_000), "bob")));
            out.addAll(TriedUsernames.fromData("\"" + "\\\\a".repeat(50_000) + " sasl_username=deep\""));
        }, "saslfail-notify");
        t.start();
        t.join();
        for (String s : out) {
            System.out.println(s.length() + " " + s.substring(0, Math.min(30, s.length())));
        }
    }

    @Test
    void namesOfAnyLengthAreReadUnderTheDaemonsOwnJvmOptions() throws IOException, InterruptedException {
        Path options = Path.of("..", "packaging", "daemon-jvm.options").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(options), options.toString());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // output to a file: a stack trace must not fill a pipe nobody reads yet
        Path log = Files.createTempFile("tried-usernames", ".log");
        Process p = new ProcessBuilder(java.toString(), "@" + options, "-cp", System.getProperty("java.class.path"),
                TriedUsernamesTest.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertTrue(finished, "child JVM finished: " + output);
        assertEquals(0, p.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.contains("warning")).toList();
        assertEquals(4, lines.size(), output);
        assertTrue(lines.get(0).startsWith("13 \"quoted\\alice"), output);
        assertTrue(lines.get(1).startsWith((TriedUsernames.MAX_NAME + 1) + " \"quoted\\xxx"), output);
        assertTrue(lines.get(2).startsWith("11 \"quoted\\bob"), output);
        assertTrue(lines.get(3).startsWith("4 deep"), output);
    }

    @Test
    void namesAreCutAndBounded() {
        assertEquals(List.of("\"quoted\\alice"), TriedUsernames.fromData(data("alice")));
        String cut = TriedUsernames.fromData(data("y".repeat(10_000))).get(0);
        assertEquals(TriedUsernames.MAX_NAME + 1, cut.length());
        assertTrue(cut.endsWith("…"));
        String[] many = new String[50];
        for (int i = 0; i < many.length; i++) {
            many[i] = "user" + i;
        }
        assertEquals(TriedUsernames.MAX, TriedUsernames.fromData(data(many)).size());
        assertEquals(List.of(), TriedUsernames.fromData("\"unterminated sasl_username=x"));
        assertEquals(List.of(), TriedUsernames.fromData(null));
    }
    @Test
    void journalLinesGiveTheNamesTriedFromTheBannedAddressOnly() {
        List<String> lines = List.of(
                "2026-11-30T17:59:01+0000 mx postfix/submission/smtpd[812]: warning: unknown[203.0.113.5]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=alice",
                "2026-11-30T17:59:02+0000 mx postfix/smtpd[813]: warning: unknown[203.0.113.50]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=someone-else",
                "2026-11-30T17:59:03+0000 mx postfix/smtps/smtpd[814]: warning: unknown[203.0.113.5]: SASL PLAIN authentication failed: , sasl_username=$(reboot)",
                "2026-11-30T17:59:04+0000 mx postfix/smtpd[815]: connect from unknown[203.0.113.5]",
                "2026-11-30T17:59:05+0000 mx postfix/smtpd[816]: warning: unknown[203.0.113.5]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=alice");
        assertEquals(List.of("alice", "$(reboot)"), TriedUsernames.fromLines(lines, "203.0.113.5"));
        assertEquals(List.of("root"), TriedUsernames.fromLines(List.of(
                "x postfix/smtpd[1]: warning: unknown[2001:db8::7]: SASL LOGIN authentication failed: x, sasl_username=root"),
                "2001:db8::7"));
    }
}
