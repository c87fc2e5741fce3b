package org.saslfail.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A password kept in a file of its own ({@code database.password_file}, {@code
 * notify.smtp.password_file}): its first line. The file must be a regular file of the user saslfail
 * runs as (root for the daemon) that no group and no other user may read or write, as ssh demands of
 * a private key; anything else is refused before the password is read. The one rule for every secret
 * saslfail reads.
 */
public final class SecretFile {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Why a secret file was refused: one line, naming the file, which the caller prefixes with its key. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(Path file, String what) {
            super(file + ": " + what);
        }
    }

    private SecretFile() {
    }

    /** The first line of {@code file} (without its line end), once the file passed the checks above. */
    public static String firstLine(Path file) {
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new RefusedException(file, "no such file");
        } catch (IOException | UnsupportedOperationException e) {
            throw new RefusedException(file, "cannot read: " + oneLine(e));
        }
        if (!attrs.isRegularFile()) {
            throw new RefusedException(file, "not a regular file (a symbolic link or a directory)");
        }
        Set<PosixFilePermission> perms = attrs.permissions();
        if (perms.stream().anyMatch(OTHERS::contains)) {
            throw new RefusedException(file, "group or others may read it (" + PosixFilePermissions.toString(perms)
                    + "); make it readable by its owner only: chmod 600 " + file);
        }
        String user = System.getProperty("user.name");
        if (!attrs.owner().getName().equals(user)) {
            throw new RefusedException(file, "owned by " + attrs.owner().getName() + ", not by " + user
                    + " (the user saslfail runs as): chown " + user + " " + file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RefusedException(file, "cannot read: " + oneLine(e));
        }
        int nl = text.indexOf('\n');
        String secret = (nl < 0 ? text : text.substring(0, nl)).replaceFirst("\r$", "");
        if (secret.isEmpty()) {
            throw new RefusedException(file, "its first line is empty (write the password on it)");
        }
        return secret;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }
}
