package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The .deb that mvn package builds installs with apt-get, runs, and is removed again. */
class DebPackageIT {
    private static boolean hadEtc;
    private static boolean hadVarLib;
    private static boolean installed;

    @BeforeAll
    static void install() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to install a package");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "needs apt-get");
        hadEtc = Files.exists(Path.of("/etc/saslfail"));
        hadVarLib = Files.exists(Path.of("/var/lib/saslfail"));
        Path deb = deb();
        Run r = run("apt-get", "install", "-y", "-o", "DPkg::Lock::Timeout=300", deb.toAbsolutePath().toString());
        installed = r.code == 0;
        assertEquals(0, r.code, r.out);
    }

    @AfterAll
    static void remove() throws Exception {
        if (!installed) {
            return;
        }
        Run r = run("apt-get", "remove", "-y", "-o", "DPkg::Lock::Timeout=300", "saslfail");
        assertEquals(0, r.code, r.out);
        // dpkg keeps conffiles and data on remove; leave nothing behind that was not here before
        if (!hadEtc && !hadVarLib) {
            run("dpkg", "--purge", "saslfail");
        }
    }

    @Test
    void installedPackageRunsWithItsArchiveCompletionAndDataDirectory() throws Exception {
        Run version = run("/usr/bin/saslfail", "--version");
        assertEquals(0, version.code, version.out);
        assertTrue(version.out.startsWith("saslfail "), version.out);
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of("/var/lib/saslfail"))));
        assertTrue(Files.size(Path.of("/var/cache/saslfail/saslfail.jsa")) > 0, "postinst built the CDS archive");
        String completion = Files.readString(Path.of("/usr/share/bash-completion/completions/saslfail"));
        assertTrue(completion.contains("install") && completion.contains("upgrade-from-legacy"), "completion knows the commands");
        assertTrue(Files.exists(Path.of("/lib/systemd/system/saslfail.service")));
        String conf = Files.readString(Path.of("/etc/saslfail/saslfail.conf"));
        assertTrue(conf.contains("#notify.mode = smart"), conf);
        Run help = run("/usr/bin/saslfail", "install", "--help");
        assertEquals(0, help.code, help.out);
        // the daemon starts with the JVM options file shared with the build tree's launcher
        Run daemonHelp = run("/usr/bin/saslfail", "daemon", "--help");
        assertEquals(0, daemonHelp.code, daemonHelp.out);
        assertTrue(daemonHelp.out.contains("SIGHUP"), daemonHelp.out);
        assertTrue(Files.readString(Path.of("/usr/share/saslfail/daemon-jvm.options")).contains("-Xmx"));
        // the archive is really used: the JVM says so when asked
        Run shared = run("java", "-XX:SharedArchiveFile=/var/cache/saslfail/saslfail.jsa", "-Xshare:on", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:-UsePerfData", "-jar", "/usr/share/saslfail/saslfail.jar", "--version");
        assertEquals(0, shared.code, "the archive maps with -Xshare:on: " + shared.out);
        // SQLite's native library comes from where postinst put it: with nowhere to extract a copy to, a store still opens
        assertTrue(Files.size(Path.of("/var/cache/saslfail/native/libsqlitejdbc.so")) > 0, "postinst copied the SQLite library");
        Path tmp = Files.createTempDirectory("saslfail-deb");
        try {
            Path legacy = Files.writeString(tmp.resolve("bans.db"), "timestamp|ip|jail|action|strike_level|notified\n");
            Run imported = run("env", "SASLFAIL_JAVA_OPTS=-Dorg.sqlite.tmpdir=" + tmp.resolve("missing"), "/usr/bin/saslfail",
                    "import-legacy", "--db", tmp.resolve("s.db").toString(), legacy.toString());
            assertEquals(0, imported.code, imported.out);
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The promise, "apt install ./saslfail_*.deb followed by saslfail install works": the
     * packaged command installs into an administrator's fail2ban (a private server on a copy of the
     * system's configuration, never /etc/fail2ban), its jails come up next to the other one, and
     * uninstall gives the configuration back byte for byte.
     */
    @Test
    void packagedCommandInstallsIntoAFail2banAndUninstallsCleanly() throws Exception {
        try (Fail2banSandbox box = new Fail2banSandbox("deb")) {
            box.server.start();
            Map<String, String> before = box.snapshot();
            List<String> install = new ArrayList<>(List.of("/usr/bin/saslfail", "install", "--yes", "--notify", "none"));
            install.addAll(box.installFlags());
            Run r = run(install.toArray(String[]::new));
            assertEquals(0, r.code, r.out);
            Run status = run("fail2ban-client", "-s", box.server.socket().toString(), "status");
            for (String jail : List.of("saslfail-postfix", "saslfail-dovecot", "saslfail-strike2", "saslfail-strike3", "ins-other")) {
                assertTrue(status.out.contains(jail), jail + " active: " + status.out);
            }
            List<String> uninstall = new ArrayList<>(List.of("/usr/bin/saslfail", "uninstall", "--yes"));
            uninstall.addAll(box.where());
            Run u = run(uninstall.toArray(String[]::new));
            assertEquals(0, u.code, u.out);
            assertEquals(before, box.snapshot(), "fail2ban's configuration after uninstall");
        }
    }

    /**
     * No systemd runs on the test machines, so the unit is checked offline: systemd's own verifier
     * accepts it as installed (ExecStart exists, every directive known), and enabling it into a
     * scratch root creates the multi-user.target link its [Install] section promises.
     */
    @Test
    void packagedUnitVerifiesAndEnables() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "needs systemd-analyze (package systemd)");
        Run verify = run("systemd-analyze", "verify", "/lib/systemd/system/saslfail.service");
        assertEquals(0, verify.code, verify.out);
        assertTrue(verify.out.isBlank(), "systemd-analyze has no complaints: " + verify.out);
        Path root = Files.createTempDirectory("saslfail-unit-root");
        try {
            Path units = Files.createDirectories(root.resolve("etc/systemd/system"));
            Files.copy(Path.of("/lib/systemd/system/saslfail.service"), units.resolve("saslfail.service"));
            Run enable = run("systemctl", "--root=" + root, "enable", "saslfail.service");
            assertEquals(0, enable.code, enable.out);
            Path wants = units.resolve("multi-user.target.wants/saslfail.service");
            assertTrue(Files.isSymbolicLink(wants), "enable linked " + wants + ": " + enable.out);
        } finally {
            run("rm", "-rf", root.toString());
        }
    }

    private static Path deb() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().matches("saslfail_.*\\.deb")).toList();
            assertEquals(1, debs.size(), "one .deb in target: " + debs);
            return debs.get(0);
        }
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        return new Run(p.exitValue(), out);
    }
}
