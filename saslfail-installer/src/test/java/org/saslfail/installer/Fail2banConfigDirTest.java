package org.saslfail.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.model.IpPrefix;

class Fail2banConfigDirTest {
    @TempDir Path dir;

    private Fail2banConfigDir config() throws IOException {
        Files.writeString(dir.resolve("fail2ban.conf"), "[Definition]\n");
        Files.createDirectories(dir.resolve("filter.d"));
        Files.createDirectories(dir.resolve("jail.d"));
        Files.writeString(dir.resolve("jail.conf"), "[DEFAULT]\nignoreip = 127.0.0.1/8 ::1\n\n[sshd]\nport = ssh\n");
        return Fail2banConfigDir.of(dir);
    }

    @Test
    void laterFilesOverrideTheDefaultIgnoreListInFail2bansReadingOrder() throws IOException {
        Fail2banConfigDir c = config();
        assertEquals("127.0.0.1/8 ::1", c.defaultIgnoreIp().orElseThrow());
        Files.writeString(dir.resolve("jail.local"), "[DEFAULT]\nignoreip = 127.0.0.1/8 ::1\n  192.0.2.7 mail.example.org\n");
        Files.writeString(dir.resolve("jail.d/a.conf"), "[DEFAULT]\nignoreip = 198.51.100.0/24\n");
        List<String> skipped = new ArrayList<>();
        // jail.local is read after jail.d/*.conf, and its continuation line belongs to the value
        assertEquals(List.of(IpPrefix.parse("127.0.0.0/8"), IpPrefix.parse("::1/128"), IpPrefix.parse("192.0.2.7/32")),
                c.inheritedIgnore(skipped));
        assertEquals(List.of("mail.example.org"), skipped);
        Files.writeString(dir.resolve("jail.d/z.local"), "[DEFAULT]\nignoreip = 203.0.113.0/24\n");
        assertEquals(List.of(IpPrefix.parse("203.0.113.0/24")), c.inheritedIgnore(new ArrayList<>()));
    }

    @Test
    void aDirectoryWithoutFail2bansFilesIsRefusedByName() throws IOException {
        Files.writeString(dir.resolve("jail.conf"), "");
        BadInputException e = assertThrows(BadInputException.class, () -> Fail2banConfigDir.of(dir));
        assertTrue(e.getMessage().contains("is not a fail2ban configuration directory (it has no fail2ban.conf)"), e.getMessage());
        assertThrows(BadInputException.class, () -> Fail2banConfigDir.of(dir.resolve("missing")));
    }
}
