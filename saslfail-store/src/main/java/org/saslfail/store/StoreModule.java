package org.saslfail.store;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.port.out.ForgetHistoryPort;
import org.saslfail.core.port.out.PrunePort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.AlertWindowPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;
import org.saslfail.core.port.out.KnownUserPort;

/**
 * Binds the store ports to one {@link OffenseStore} (the daemon's state to its
 * {@link OffenseStore#daemon()}), and the outbox and summary ports to one {@link NotifyStore},
 * each opened on first use (not in {@code configure()}). Whoever creates the injector closes
 * {@link OpenStores}, which closes what was opened. The backend is chosen by choosing the module:
 * {@link #sqlite(String)} or {@link #postgres(String)} ({@link #forDatabase(String)} picks by the
 * {@code database} setting's form).
 */
public final class StoreModule extends AbstractModule {
    private final String databaseSetting;
    private final java.nio.file.Path passwordFile;
    private final String node;

    private StoreModule(String databaseSetting, java.nio.file.Path passwordFile, String node) {
        this.databaseSetting = databaseSetting;
        this.passwordFile = passwordFile;
        this.node = node;
    }

    /**
     * The same store, with the daemon state ({@link DaemonStore}) of fleet node {@code node}
     * ({@code fleet.node}; {@code null} or {@code local}: the only node).
     */
    public StoreModule forNode(String fleetNode) {
        return new StoreModule(databaseSetting, passwordFile, fleetNode == null ? JooqDaemonStore.LOCAL : fleetNode);
    }

    /** The embedded store in a SQLite file ({@code PATH} or {@code jdbc:sqlite:PATH}). */
    public static StoreModule sqlite(String path) {
        if (path != null && path.startsWith("jdbc:") && !path.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("not a SQLite database: " + path);
        }
        return new StoreModule(path, null, JooqDaemonStore.LOCAL);
    }

    /** The fleet store on a PostgreSQL server ({@code jdbc:postgresql://…}). */
    public static StoreModule postgres(String url) {
        return postgres(url, null);
    }

    /** The fleet store, its password read from {@code passwordFile} ({@code database.password_file}; null for none). */
    public static StoreModule postgres(String url, java.nio.file.Path passwordFile) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        return new StoreModule(url, passwordFile, JooqDaemonStore.LOCAL);
    }

    /** The module for the {@code database} setting: PostgreSQL for a {@code jdbc:postgresql:} URL, else SQLite. */
    public static StoreModule forDatabase(String databaseSetting) {
        return forDatabase(databaseSetting, null);
    }

    /** As {@link #forDatabase(String)}; a PostgreSQL store reads its password from {@code passwordFile} (null for none). */
    public static StoreModule forDatabase(String databaseSetting, java.nio.file.Path passwordFile) {
        return databaseSetting != null && databaseSetting.startsWith("jdbc:postgresql:")
                ? postgres(databaseSetting, passwordFile) : sqlite(databaseSetting);
    }

    @Override
    protected void configure() {
        bind(LoadHistoryPort.class).to(OffenseStore.class);
        bind(RecordOutcomePort.class).to(OffenseStore.class);
        bind(ReportQueryPort.class).to(OffenseStore.class);
        bind(ForgetHistoryPort.class).to(OffenseStore.class);
        bind(PrunePort.class).to(OffenseStore.class);
        bind(RunningBansPort.class).to(OffenseStore.class);
        bind(OutboxPort.class).to(NotifyStore.class);
        bind(AlertWindowPort.class).to(NotifyStore.class);
        bind(SummaryQueryPort.class).to(NotifyStore.class);
        bind(TriedUsernamesPort.class).to(NotifyStore.class);
        bind(KnownUserPort.class).to(OffenseStore.class);
        bind(FleetDecisionPort.class).to(OffenseStore.class);
    }

    @Provides
    @Singleton
    OpenStores openStores() {
        return new OpenStores(databaseSetting, passwordFile);
    }

    @Provides
    OffenseStore offenseStore(OpenStores stores) {
        return stores.offenses();
    }

    @Provides
    DaemonStore daemonStore(OpenStores stores) {
        return stores.offenses().daemon(node);
    }

    @Provides
    NotifyStore notifyStore(OpenStores stores) {
        return stores.notifications();
    }
}
