package org.saslfail.fail2ban.daemon;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.saslfail.core.config.Settings;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.DecisionListener;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.port.out.FindBanSetPort;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.PrunePort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.metrics.DaemonMetrics;

/**
 * Wires the {@link Daemon}. Needs from
 * other modules: {@link Settings}, {@link Clock}, {@link EventLog}, the store ports (the store module binds
 * them), {@link Fail2banClient} ({@code Fail2banModule}), {@code Optional<BanSetPort>} and {@link FindBanSetPort} ({@code EnforcementModule});
 * decision listeners join
 * with {@code Multibinder.newSetBinder(binder(), DecisionListener.class).addBinding()}. With
 * {@code OptionalBinder.newOptionalBinder(binder(), DaemonMetrics.class).setBinding()}, the store's
 * failures are counted in those {@link DaemonMetrics} (add them as a listener too, for the bans).
 */
public final class DaemonModule extends AbstractModule {
    private final Supplier<Settings> configReader;

    /** @param configReader reads the configuration again on {@link Daemon#reload()} */
    public DaemonModule(Supplier<Settings> configReader) {
        this.configReader = configReader;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), DecisionListener.class);
        OptionalBinder.newOptionalBinder(binder(), DaemonMetrics.class);
    }

    @Provides
    @Singleton
    Daemon daemon(Settings settings, Daemon.Store store, Fail2banClient client, Clock clock, EventLog log,
                  Set<DecisionListener> listeners, Optional<BanSetPort> banSet, FindBanSetPort findBanSet) {
        return new Daemon(settings, configReader, store, client, clock, log, List.copyOf(listeners), OwnAddresses.find(),
                banSet, findBanSet);
    }

    @Provides
    Daemon.Store store(LoadHistoryPort history, RecordOutcomePort recorder, ReportQueryPort reports, PrunePort prune,
                       RunningBansPort running, DaemonStore state, KnownUserPort knownUsers, FleetDecisionPort fleet,
                       Optional<DaemonMetrics> metrics) {
        Daemon.Store store = new Daemon.Store(history, recorder, reports, prune, running, state, state.location(), knownUsers,
                fleet);
        return metrics.map(m -> m.counting(store)).orElse(store);
    }
}
