package org.saslfail.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one rule for password files, on real files: owner-only regular files, first line only. */
class SecretFileTest {
    @TempDir
    Path dir;

    private Path file(String name, String text, String perms) throws IOException {
        Path f = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void anOwnerOnlyFileGivesItsFirstLineWithoutTheLineEnd() throws IOException {
        assertEquals("s3cret ", SecretFile.firstLine(file("p", "s3cret \r\nsecond line\n", "rw-------")));
        assertEquals("only", SecretFile.firstLine(file("q", "only", "r--------")));
    }

    @Test
    void aFileGroupOrOthersMayReadIsRefusedBeforeItIsReadSayingHowToMendIt() throws IOException {
        Path f = file("p", "s3cret\n", "rw-r-----");
        var e = assertThrows(SecretFile.RefusedException.class, () -> SecretFile.firstLine(f));
        assertEquals(f + ": group or others may read it (rw-r-----); make it readable by its owner only: chmod 600 " + f,
                e.getMessage());
        Path world = file("w", "s3cret\n", "rw----r--");
        assertTrue(assertThrows(SecretFile.RefusedException.class, () -> SecretFile.firstLine(world)).getMessage()
                .contains("group or others may read it"));
    }

    @Test
    void aSymbolicLinkAMissingFileAndAnEmptyFirstLineAreRefused() throws IOException {
        Path target = file("p", "s3cret\n", "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertTrue(assertThrows(SecretFile.RefusedException.class, () -> SecretFile.firstLine(link)).getMessage()
                .endsWith("not a regular file (a symbolic link or a directory)"));
        assertEquals(dir.resolve("none") + ": no such file",
                assertThrows(SecretFile.RefusedException.class, () -> SecretFile.firstLine(dir.resolve("none"))).getMessage());
        Path empty = file("e", "\nsecond\n", "rw-------");
        assertTrue(assertThrows(SecretFile.RefusedException.class, () -> SecretFile.firstLine(empty)).getMessage()
                .endsWith("its first line is empty (write the password on it)"));
    }
}
