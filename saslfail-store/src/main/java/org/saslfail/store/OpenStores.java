package org.saslfail.store;

/**
 * The stores of one {@link StoreModule}, each opened on first use and closed together: the
 * history on one connection, the outbox and summaries on another (the daemon queues mail beside
 * its writes).
 */
public final class OpenStores implements AutoCloseable {
    private final String databaseSetting;
    private final java.nio.file.Path passwordFile;
    private OffenseStore offenses;
    private NotifyStore notifications;

    OpenStores(String databaseSetting, java.nio.file.Path passwordFile) {
        this.databaseSetting = databaseSetting;
        this.passwordFile = passwordFile;
    }

    /** The history store, opened (and migrated) on first use. */
    public synchronized OffenseStore offenses() {
        if (offenses == null) {
            offenses = OffenseStores.open(databaseSetting, passwordFile);
        }
        return offenses;
    }

    /** The outbox and summary figures, opened on first use. */
    public synchronized NotifyStore notifications() {
        if (notifications == null) {
            notifications = NotifyStores.open(databaseSetting, passwordFile);
        }
        return notifications;
    }

    @Override
    public synchronized void close() {
        if (notifications != null) {
            notifications.close();
            notifications = null;
        }
        if (offenses != null) {
            offenses.close();
            offenses = null;
        }
    }
}
