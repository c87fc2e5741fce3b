package org.saslfail.store;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entry point for embedding the store without Guice.
 *
 * <pre>{@code
 * try (OffenseStore store = OffenseStores.open("/var/lib/saslfail/saslfail.db")) {
 *     store.activeBans(Instant.now()).forEach(System.out::println);
 * }
 * }</pre>
 */
public final class OffenseStores {

    /** Where the store lives when the {@code database} setting is absent. */
    public static final String DEFAULT_DATABASE = "/var/lib/saslfail/saslfail.db";

    /**
     * jOOQ logs the database version it found at INFO on first use; without SLF4J that reaches
     * stderr through java.util.logging. Held here because JUL keeps loggers only weakly.
     */
    private static final Logger JOOQ_VERSION_LOG = Logger.getLogger("org.jooq.impl.DefaultExecuteContext");

    static {
        if (JOOQ_VERSION_LOG.getLevel() == null) {
            JOOQ_VERSION_LOG.setLevel(Level.WARNING);
        }
        // jOOQ prints a banner and tips on first use; saslfail's output is its own.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private OffenseStores() {
    }

    /** Runs the static initialiser above (jOOQ's banner off) for other entry points of this package. */
    static void quietJooq() {
        // nothing to do: calling this method initialised the class
    }

    /**
     * Opens the store, creating or migrating its schema as needed.
     *
     * @param databaseSetting a file path, {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://…}
     *                        (credentials in the URL or via PGPASSFILE); null or blank means
     *                        {@link #DEFAULT_DATABASE}. For the default path the directory is
     *                        created (mode 0750); any other directory must exist. A new file is
     *                        created with mode 0640.
     * @throws StoreException (one line naming the database) when it cannot be opened: missing
     *                        directory, unreadable file, not an SQLite database, written by a newer
     *                        saslfail, server unreachable
     */
    public static OffenseStore open(String databaseSetting) {
        return open(databaseSetting, null);
    }

    /**
     * Opens the store as {@link #open(String)}, with the PostgreSQL password read from
     * {@code passwordFile} ({@code database.password_file}; null for none).
     *
     * @throws org.saslfail.core.config.ConfigException when the password file is missing, empty,
     *                        readable by group or others, or not owned by this user
     */
    public static OffenseStore open(String databaseSetting, java.nio.file.Path passwordFile) {
        Database db = Database.connect(databaseSetting, passwordFile);
        try {
            new Migrator(db).migrate();
            return new JooqOffenseStore(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }
}
