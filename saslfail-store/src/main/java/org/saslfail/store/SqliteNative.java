package org.saslfail.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Copies sqlite-jdbc's native library for this machine's OS and architecture out of the jar, once,
 * at build or install time. A launcher that finds it passes {@code -Dorg.sqlite.lib.path=DIR
 * -Dorg.sqlite.lib.name=libsqlitejdbc.so}, and the driver loads it from there instead of
 * extracting a fresh copy to the temporary directory on every start (bench/startup: about 0.1 s of
 * each command). Where the file is missing or cannot be loaded, the driver extracts as before.
 * Not a command: {@code java -cp saslfail.jar org.saslfail.store.SqliteNative DIR}.
 */
public final class SqliteNative {
    /** The file name the launchers look for in DIR. */
    public static final String FILE = "libsqlitejdbc.so";

    private SqliteNative() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SqliteNative DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
            if (in == null) {
                System.err.println("no SQLite native library for this machine in the jar (" + resource
                        + "); saslfail will let the driver find one at each start");
                System.exit(1);
            }
            Files.createDirectories(dir);
            // a complete file or none: a launcher may start while this runs
            Path tmp = Files.createTempFile(dir, FILE, ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
