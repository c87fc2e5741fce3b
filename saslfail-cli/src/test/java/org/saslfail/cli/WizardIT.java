package org.saslfail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banClient;

/** The interactive install, run from the built jar on a pseudo-terminal with answers typed at each prompt. */
class WizardIT {

    @Test
    void wizardAsksChecksEachAnswerAndInstalls() throws Exception {
        Path jar = Path.of(System.getProperty("saslfail.jar", "target/saslfail.jar"));
        assumeTrue(Files.isRegularFile(jar), "needs the shaded jar (mvn package)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 for the pseudo-terminal");
        try (Fail2banSandbox box = new Fail2banSandbox("w")) {
            box.server.start();
            Path driver = box.dir().resolve("pty-drive.py");
            try (InputStream in = WizardIT.class.getResourceAsStream("/pty-drive.py")) {
                Files.write(driver, in.readAllBytes());
            }
            List<String> cmd = new ArrayList<>(List.of("python3", driver.toString(), "60",
                    "Services to protect [postfix,dovecot]:", "",
                    "Notifications (none, smart, immediate, daily, weekly) [smart]:", "hourly",
                    "try again", "weekly",
                    "Send them to [root@localhost]:", "ops@example.org",
                    "fail2ban's ignoreip = 127.0.0.0/8 ::1 192.0.2.0/24):", "",
                    "Proceed? [Y/n]:", "y",
                    "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "install"));
            cmd.addAll(box.installFlags());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String transcript = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), transcript);
            assertTrue(transcript.contains("'hourly' is not one of"), transcript);
            assertTrue(transcript.contains("saslfail is installed"), transcript);
            String conf = Files.readString(box.saslfailConf());
            assertTrue(conf.contains("notify.mode = weekly") && conf.contains("notify.to = ops@example.org"), conf);
            assertTrue(conf.contains("ignore = 127.0.0.0/8 ::1 192.0.2.0/24"), conf);
            try (Fail2banClient c = new Fail2banClient(box.server.socket())) {
                assertTrue(c.jails().containsAll(List.of(JailName.of("saslfail-postfix"), JailName.of("saslfail-strike3"))),
                        c.jails().toString());
            }
        }
    }

    @Test
    void declinedWizardChangesNothing() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("saslfail.jar", "target/saslfail.jar"));
        assumeTrue(Files.isRegularFile(jar), "needs the shaded jar (mvn package)");
        try (Fail2banSandbox box = new Fail2banSandbox("wn")) {
            Path driver = box.dir().resolve("pty-drive.py");
            try (InputStream in = WizardIT.class.getResourceAsStream("/pty-drive.py")) {
                Files.write(driver, in.readAllBytes());
            }
            var before = box.snapshot();
            List<String> cmd = new ArrayList<>(List.of("python3", driver.toString(), "60",
                    "Services to protect", "", "Notifications", "none", "never to ban", "203.0.113.0/24",
                    "Proceed?", "n", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    jar.toString(), "install"));
            cmd.addAll(box.installFlags());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String transcript = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), transcript);
            assertTrue(transcript.contains("Nothing was changed."), transcript);
            assertEquals(before, box.snapshot());
            assertTrue(!Files.exists(box.saslfailConf()) && !Files.exists(box.backups()));
        }
    }
}
