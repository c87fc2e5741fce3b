package org.saslfail.store;

/** Opens the {@link NotifyStore} without Guice; the database setting is the one of {@link OffenseStores#open}. */
public final class NotifyStores {
    private NotifyStores() {
    }

    /**
     * Opens a second connection to the store's database (migrating it if needed): SQLite in WAL
     * mode lets the daemon write offenses and queue mail on separate connections.
     *
     * @throws StoreException as {@link OffenseStores#open(String)}
     */
    public static NotifyStore open(String databaseSetting) {
        return open(databaseSetting, null);
    }

    /** @param passwordFile as for {@link OffenseStores#open(String, java.nio.file.Path)} */
    public static NotifyStore open(String databaseSetting, java.nio.file.Path passwordFile) {
        OffenseStores.quietJooq();
        Database db = Database.connect(databaseSetting, passwordFile);
        try {
            new Migrator(db).migrate();
            return new JooqNotifyStore(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }
}
