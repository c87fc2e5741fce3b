package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saslfail.fail2ban.testing.Fail2banServer;

/**
 * saslfail runs quietly on every Java a Debian user has (issue 16): the everyday commands and the
 * daemon, through the build tree's launcher, on the default Java (17 on Debian 12) and on the
 * newest JDK installed under /usr/lib/jvm (a Temurin 25 on the build machines). Nothing may
 * reach stderr but the daemon's own log lines: no class-data archive error, no Unsafe or
 * restricted-method warning.
 */
class JavaVersionsIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "saslfail").toAbsolutePath().normalize();
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    @TempDir Path dir;

    /** The default JDK and the newest one installed (the same one once when they coincide). */
    static List<Path> jdks() throws IOException {
        Set<Path> homes = new LinkedHashSet<>();
        Path java = Path.of(System.getProperty("java.home"));
        homes.add(java.toRealPath());
        Optional<Path> newest;
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
            newest = s.filter(p -> Files.isExecutable(p.resolve("bin/java")) && !Files.isSymbolicLink(p))
                    .max(Comparator.comparingInt(JavaVersionsIT::feature));
        }
        newest.ifPresent(p -> homes.add(p));
        return new ArrayList<>(homes);
    }

    static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private record Run(int code, String out, String err) {
    }

    private Run saslfail(Path jdk, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err").toFile());
        pb.environment().put("PATH", jdk.resolve("bin") + ":" + pb.environment().get("PATH"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd + " did not finish");
        return new Run(p.exitValue(), out, Files.readString(dir.resolve("err")));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everydayCommandsAnswerWithNothingOnStderr(Path jdk) throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER), "needs bin/saslfail");
        String db = dir.resolve("s.db").toString();
        Path legacy = Files.writeString(dir.resolve("bans.db"), "timestamp|ip|jail|action|strike_level|notified\n");
        List<List<String>> commands = List.of(List.of("import-legacy", "--db", db, legacy.toString()),
                List.of("status", "--db", db), List.of("list", "--db", db), List.of("show", "198.51.100.7", "--db", db),
                List.of("report", "summary", "--db", db), List.of("report", "by-ip", "--db", db), List.of("--version"));
        for (List<String> c : commands) {
            Run r = saslfail(jdk, c.toArray(String[]::new));
            assertEquals(0, r.code(), "Java " + feature(jdk) + " " + c + ": " + r);
            assertEquals("", r.err(), "Java " + feature(jdk) + " " + c + " printed to stderr");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theDaemonStartsAndStopsLoggingOnlyItsOwnLines(Path jdk) throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER), "needs bin/saslfail");
        try (Fail2banServer f2b = Fail2banServer.start("java" + feature(jdk), Fail2banServer.dummyJail("saslfail-postfix", "48h"))) {
            Path log = Files.writeString(dir.resolve("mail.log"), "");
            Path conf = Files.writeString(dir.resolve("saslfail.conf"), String.join("\n",
                    "database = " + dir.resolve("d.db"), "services = postfix", "log.postfix = " + log,
                    "fail2ban.socket = " + f2b.socket(), "fail2ban.db = " + f2b.db(), "notify.mode = none", ""));
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "daemon", "--config", conf.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            pb.environment().put("PATH", jdk.resolve("bin") + ":" + pb.environment().get("PATH"));
            Process daemon = pb.start();
            try {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (!Files.readString(dir.resolve("daemon.log")).contains("saslfail daemon running")) {
                    assertTrue(daemon.isAlive() && Instant.now().isBefore(deadline),
                            "the daemon did not come up on Java " + feature(jdk) + ": " + Files.readString(dir.resolve("daemon.log")));
                    Thread.sleep(200);
                }
            } finally {
                daemon.destroy();
                assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the daemon");
            }
            String out = Files.readString(dir.resolve("daemon.log"));
            for (String line : out.split("\n")) {
                // the JVM's own complaints: archive errors ([cds]), Unsafe and native-access warnings, traces
                assertTrue(!line.startsWith("WARNING") && !line.contains("[cds]") && !line.contains("][error")
                        && !line.contains("Exception"), "Java " + feature(jdk) + ": " + line + "\n" + out);
            }
        }
    }
}
