package org.saslfail.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Timestamped, kept backups of the fail2ban configuration directory as tar archives (tar keeps
 * modes, owners, times and symlinks), and of single files such as saslfail.conf. The first
 * backup taken before saslfail ever wrote into the directory is remembered as the pristine one,
 * which uninstall restores.
 */
public final class ConfigBackup {
    static final String PRISTINE = "pristine-fail2ban";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path backupDir;
    private final Clock clock;

    public ConfigBackup(Path backupDir, Clock clock) {
        this.backupDir = backupDir;
        this.clock = clock;
    }

    public Path dir() {
        return backupDir;
    }

    /** Archives the whole directory; records it as pristine when asked and none is recorded yet. */
    public Path backUpDirectory(Path configDir, String label, boolean pristine) {
        Path tar = unique(label, ".tar");
        Processes.check(List.of("tar", "--numeric-owner", "-C", configDir.toString(), "-cpf", tar.toString(), "."));
        try {
            Files.setPosixFilePermissions(tar, PosixFilePermissions.fromString("rw-------"));
            if (pristine && pristine().isEmpty()) {
                Files.writeString(backupDir.resolve(PRISTINE), tar.getFileName() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + backupDir + ": " + e.getMessage(), e);
        }
        return tar;
    }

    /** Copies one file into the backup dir (keeping its mode); empty when it does not exist. */
    public Optional<Path> backUpFile(Path file, String label) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path copy = unique(label, "");
        try {
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot back up " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(copy);
    }

    /** The pristine backup, if one was recorded and still exists. */
    public Optional<Path> pristine() {
        Path marker = backupDir.resolve(PRISTINE);
        try {
            if (!Files.exists(marker)) {
                return Optional.empty();
            }
            Path tar = backupDir.resolve(Files.readString(marker).strip());
            return Files.isRegularFile(tar) ? Optional.of(tar) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the pristine backup (the archive itself is kept). */
    public void forgetPristine() {
        try {
            Files.deleteIfExists(backupDir.resolve(PRISTINE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code configDir} exactly what {@code tar} holds: everything else in it is removed. */
    public static void restoreDirectory(Path tar, Path configDir) {
        try {
            Files.createDirectories(configDir);
            try (Stream<Path> all = Files.walk(configDir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(configDir)) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + configDir + " for the restore: " + e.getMessage(), e);
        }
        Processes.check(List.of("tar", "--numeric-owner", "-C", configDir.toString(), "-xpf", tar.toString()));
    }

    /** Puts a file backed up by {@link #backUpFile} back, or deletes {@code file} when there was none. */
    public static void restoreFile(Optional<Path> copy, Path file) {
        try {
            if (copy.isPresent()) {
                Files.copy(copy.get(), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            } else {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + file + ": " + e.getMessage(), e);
        }
    }

    private Path unique(String label, String suffix) {
        try {
            Files.createDirectories(backupDir);
            Files.setPosixFilePermissions(backupDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create backup directory " + backupDir + ": " + e.getMessage(), e);
        }
        String base = label + "-" + STAMP.format(clock.instant());
        Path p = backupDir.resolve(base + suffix);
        for (int i = 2; Files.exists(p, LinkOption.NOFOLLOW_LINKS); i++) {
            p = backupDir.resolve(base + "." + i + suffix);
        }
        return p;
    }
}
