package org.saslfail.store;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;
import org.saslfail.core.port.out.KnownUserPort;

/**
 * Binds the store ports to one {@link OffenseStore}, and the outbox and summary ports to one
 * {@link NotifyStore}, each opened on first use (not in {@code configure()}). Whoever creates
 * the injector closes the stores.
 */
public final class StoreModule extends AbstractModule {
    private final String databaseSetting;

    /** @param databaseSetting as for {@link OffenseStores#open(String)} */
    public StoreModule(String databaseSetting) {
        this.databaseSetting = databaseSetting;
    }

    @Override
    protected void configure() {
        bind(LoadHistoryPort.class).to(OffenseStore.class);
        bind(RecordOutcomePort.class).to(OffenseStore.class);
        bind(ReportQueryPort.class).to(OffenseStore.class);
        bind(OutboxPort.class).to(NotifyStore.class);
        bind(SummaryQueryPort.class).to(NotifyStore.class);
        bind(TriedUsernamesPort.class).to(NotifyStore.class);
        bind(KnownUserPort.class).to(OffenseStore.class);
    }

    @Provides
    @Singleton
    OffenseStore offenseStore() {
        return OffenseStores.open(databaseSetting);
    }

    @Provides
    @Singleton
    NotifyStore notifyStore() {
        return NotifyStores.open(databaseSetting);
    }
}
