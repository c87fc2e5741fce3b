package org.saslfail.store;

import org.saslfail.core.port.out.AlertWindowPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;

/**
 * The notification side of the store on its own database connection: the mail outbox, smart
 * mode's alert window and the figures of daily and weekly summaries. Obtain one from {@link NotifyStores#open(String)} (or
 * {@link StoreModule}) and close it when done. Methods throw {@link StoreException} when the
 * database fails.
 */
public interface NotifyStore extends OutboxPort, AlertWindowPort, SummaryQueryPort, TriedUsernamesPort, AutoCloseable {

    /** As {@link org.saslfail.core.port.out.DaemonStore#limitPageCache}, for this store's own connection. */
    void limitPageCache(int kibibytes);

    @Override
    void close();
}
