package org.saslfail.store;

import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.port.out.ForgetHistoryPort;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.PrunePort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;

/**
 * An open offense store: every store port on one database connection. Obtain one from
 * {@link OffenseStores#open(String)} (or {@link StoreModule}) and close it when done.
 * Methods throw {@link StoreException} when the database fails.
 *
 * <p>Where the port javadoc leaves room (pinned by {@code OffenseStoreContract}): outcomes of
 * ignored addresses are never stored (DESIGN §2: never recorded), yet recording one counts as
 * new; a DUPLICATE outcome stores nothing; an invalid outcome (an offense without its
 * {@code Offense}) fails the whole {@code recordAll} with nothing written. In the history
 * listing {@code since} is inclusive, {@code until} exclusive, and {@code within} matches the
 * event's address.
 */
public interface OffenseStore extends LoadHistoryPort, RecordOutcomePort, ReportQueryPort, ForgetHistoryPort,
        PrunePort, RunningBansPort, KnownUserPort, FleetDecisionPort, AutoCloseable {

    /** The daemon's own state in this store (heartbeat, watermark, pending jail commands) of the only node, {@code local}. */
    DaemonStore daemon();

    /** The schema version and, on PostgreSQL, whether the role has what saslfail needs (for doctor). Reads only. */
    StoreCheck check();

    /** The daemon state of fleet node {@code node} ({@code fleet.node}): each node its own watermarks and pending commands. */
    DaemonStore daemon(String node);

    /** Where the store lives, fit for messages: a file path, or a JDBC URL without its password. */
    String location();

    @Override
    void close();
}
