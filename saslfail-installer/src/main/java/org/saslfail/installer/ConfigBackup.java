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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
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
    private final Commands commands;

    public ConfigBackup(Path backupDir, Clock clock) {
        this(backupDir, clock, Commands.SYSTEM);
    }

    ConfigBackup(Path backupDir, Clock clock, Commands commands) {
        this.backupDir = backupDir;
        this.clock = clock;
        this.commands = commands;
    }

    public Path dir() {
        return backupDir;
    }

    /** Archives the whole directory; records it as pristine when asked and none is recorded yet. */
    public Path backUpDirectory(Path configDir, String label, boolean pristine) {
        Path tar = unique(label, ".tar");
        commands.check(List.of("tar", "--numeric-owner", "-C", configDir.toString(), "-cpf", tar.toString(), "."));
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

    /**
     * Makes {@code configDir} exactly what {@code tar} holds: everything else in it is removed.
     * The archive is extracted beside the directory and swapped in by two renames, so a failing
     * extraction leaves {@code configDir} as it was, never empty or half-written.
     */
    public void restoreDirectory(Path tar, Path configDir) {
        Path target;
        Path tmp;
        try {
            target = Files.exists(configDir) ? configDir.toRealPath() : configDir.toAbsolutePath();
            Path parent = target.getParent();
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".restore-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the restore of " + configDir + ": " + e.getMessage(), e);
        }
        Path old = tmp.resolveSibling(tmp.getFileName().toString().replace(".restore-", ".replaced-"));
        try {
            commands.check(List.of("tar", "--numeric-owner", "-C", tmp.toString(), "-xpf", tar.toString()));
            boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            if (existed) {
                Files.move(target, old);
            }
            try {
                Files.move(tmp, target);
            } catch (IOException e) {
                if (existed) {
                    Files.move(old, target);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the restored " + configDir + " in place: " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
            deleteTree(old);
        }
    }

    /**
     * Whether {@code configDir}, leaving out the paths {@code skip} accepts, holds exactly what
     * {@code tar} holds (same paths, bytes, modes and link targets).
     */
    public boolean sameAs(Path tar, Path configDir, Predicate<String> skip) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("saslfail-compare-");
            commands.check(List.of("tar", "--numeric-owner", "-C", tmp.toString(), "-xpf", tar.toString()));
            return tree(tmp, s -> false).equals(tree(configDir, skip));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + configDir + " with " + tar + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static Map<String, String> tree(Path root, Predicate<String> skip) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                if (p.equals(root) || skip.test(rel)) {
                    continue;
                }
                String kind = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                        : Arrays.hashCode(Files.readAllBytes(p)) + ":" + Files.size(p);
                m.put(rel, PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) + " " + kind);
            }
        }
        return m;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
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
