package org.saslfail.installer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigBackupTest {
    @TempDir Path dir;

    @Test
    void restoreGivesBackEveryByteAndModeAndDropsWhatWasAdded() throws IOException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf.resolve("jail.d"));
        Files.write(conf.resolve("jail.local"), new byte[] {1, 2, 3, '\n'});
        Files.setPosixFilePermissions(conf.resolve("jail.local"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(conf.resolve("paths.conf"), Path.of("jail.local"));
        ConfigBackup backup = new ConfigBackup(dir.resolve("backups"),
                Clock.fixed(Instant.parse("2026-11-28T10:11:12Z"), ZoneOffset.UTC));
        Path tar = backup.backUpDirectory(conf, "fail2ban", true);
        assertEquals("fail2ban-20261128-101112.tar", tar.getFileName().toString());
        assertEquals(tar, backup.pristine().orElseThrow());
        Path second = backup.backUpDirectory(conf, "fail2ban", true);
        assertEquals("fail2ban-20261128-101112.2.tar", second.getFileName().toString(), "kept, never overwritten");
        assertEquals(tar, backup.pristine().orElseThrow(), "the first backup stays the pristine one");

        Files.writeString(conf.resolve("jail.d/saslfail.conf"), "[x]\n");
        Files.writeString(conf.resolve("jail.local"), "changed");
        Files.setPosixFilePermissions(conf.resolve("jail.local"), PosixFilePermissions.fromString("rw-rw-rw-"));
        backup.restoreDirectory(tar, conf);

        assertArrayEquals(new byte[] {1, 2, 3, '\n'}, Files.readAllBytes(conf.resolve("jail.local")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("jail.local"))));
        assertEquals(Path.of("jail.local"), Files.readSymbolicLink(conf.resolve("paths.conf")));
        assertFalse(Files.exists(conf.resolve("jail.d/saslfail.conf")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("backups"))));
    }
}
