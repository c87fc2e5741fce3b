package org.saslfail.store;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;

/**
 * Binds the store ports to one {@link OffenseStore}, opened on first use (not in
 * {@code configure()}). Whoever creates the injector closes the store.
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
    }

    @Provides
    @Singleton
    OffenseStore offenseStore() {
        return OffenseStores.open(databaseSetting);
    }
}
