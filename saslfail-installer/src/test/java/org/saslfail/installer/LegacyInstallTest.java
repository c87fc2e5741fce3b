package org.saslfail.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

class LegacyInstallTest {
    @TempDir Path dir;

    @Test
    void removesOnlyTheOriginalsJailsFiltersAndCronLines() throws IOException {
        Path conf = dir.resolve("f2b");
        Files.createDirectories(conf.resolve("filter.d"));
        Files.createDirectories(conf.resolve("action.d"));
        Files.createDirectories(conf.resolve("jail.d"));
        Files.writeString(conf.resolve("fail2ban.conf"), "[Definition]\n");
        Files.writeString(conf.resolve("jail.conf"), "[DEFAULT]\nbantime = 10m\n");
        Files.writeString(conf.resolve("jail.local"), """
                [sshd]
                enabled = true

                [postfix-sasl-first]
                enabled = true
                filter = postfix-sasl
                ignoreip = 127.0.0.1/8 192.0.2.0/24
                action = tracker[jail=first]

                [recidive]
                enabled = true
                filter = recidive
                """);
        Files.writeString(conf.resolve("filter.d/postfix-sasl.conf"), "[Definition]\n");
        Files.writeString(conf.resolve("filter.d/recidive.conf"), "[Definition]\n");
        Files.writeString(conf.resolve("action.d/tracker.conf"), "[Definition]\nactionban = /opt/ban-tracker.sh ban\n");
        Path script = dir.resolve("ban-tracker.sh");
        Files.writeString(script, "#!/bin/bash\nADMIN_NAME=Bob\nADMIN_EMAIL='hostmaster@example.com'\n");
        Path cron = dir.resolve("cron");
        Files.createDirectories(cron);
        Files.writeString(cron.resolve("root"), "# m h dom mon dow command\n5 * * * * " + script + " report\n");

        LegacyInstall legacy = LegacyInstall.detect(Fail2banConfigDir.of(conf),
                new InstallRequest.LegacyProbe(List.of(dir.resolve("nowhere.sh")), dir.resolve("bans.db"), List.of(cron)))
                .orElseThrow();
        assertEquals(List.of(JailName.of("postfix-sasl-first")), legacy.jails());
        assertEquals(script, legacy.script().orElseThrow(), "found through the cron line");
        assertEquals("hostmaster@example.com", legacy.notificationAddress().orElseThrow());
        assertEquals(List.of(IpPrefix.parse("127.0.0.0/8"), IpPrefix.parse("192.0.2.0/24")), legacy.ignore());

        legacy.remove(Set.of("filter.d/recidive.conf"));
        String local = Files.readString(conf.resolve("jail.local"));
        assertFalse(local.contains("postfix-sasl"), local);
        assertTrue(local.contains("[sshd]\nenabled = true\n") && local.contains("[recidive]\nenabled = true\nfilter = recidive"), local);
        assertFalse(Files.exists(conf.resolve("filter.d/postfix-sasl.conf")));
        assertFalse(Files.exists(conf.resolve("action.d/tracker.conf")));
        assertTrue(Files.exists(conf.resolve("filter.d/recidive.conf")));
        assertEquals("# m h dom mon dow command\n", Files.readString(cron.resolve("root")));
    }

    @Test
    void nothingOfTheOriginalMeansNoLegacyInstall() throws IOException {
        Files.writeString(dir.resolve("fail2ban.conf"), "");
        Files.writeString(dir.resolve("jail.conf"), "[sshd]\nenabled = true\n");
        Files.createDirectories(dir.resolve("filter.d"));
        assertTrue(LegacyInstall.detect(Fail2banConfigDir.of(dir), new InstallRequest.LegacyProbe(List.of(), dir.resolve("bans.db"),
                List.of(dir))).isEmpty());
    }
}
