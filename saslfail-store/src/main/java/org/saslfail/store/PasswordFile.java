package org.saslfail.store;

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
import org.saslfail.core.config.ConfigException;

/**
 * The database password, read from {@code database.password_file}: its first line. The file must
 * be a regular file of the user saslfail runs as (root for the daemon) that no group and no other
 * user may read or write, as ssh demands of a private key; anything else is refused before the
 * password is read, with a one-line error naming the key.
 */
final class PasswordFile {
    static final String KEY = "database.password_file";
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PasswordFile() {
    }

    static String read(Path file) {
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw problem(file, "no such file");
        } catch (IOException | UnsupportedOperationException e) {
            throw problem(file, "cannot read: " + Database.oneLine(e));
        }
        if (!attrs.isRegularFile()) {
            throw problem(file, "not a regular file (a symbolic link or a directory)");
        }
        Set<PosixFilePermission> perms = attrs.permissions();
        if (perms.stream().anyMatch(OTHERS::contains)) {
            throw problem(file, "group or others may read it (" + PosixFilePermissions.toString(perms)
                    + "); make it readable by its owner only: chmod 600 " + file);
        }
        String user = System.getProperty("user.name");
        if (!attrs.owner().getName().equals(user)) {
            throw problem(file, "owned by " + attrs.owner().getName() + ", not by " + user
                    + " (the user saslfail runs as): chown " + user + " " + file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw problem(file, "cannot read: " + Database.oneLine(e));
        }
        int nl = text.indexOf('\n');
        String password = (nl < 0 ? text : text.substring(0, nl)).replaceFirst("\r$", "");
        if (password.isEmpty()) {
            throw problem(file, "its first line is empty (write the password on it)");
        }
        return password;
    }

    private static ConfigException problem(Path file, String what) {
        return new ConfigException(KEY + " " + file + ": " + what);
    }
}
