package org.saslfail.fail2ban.metrics;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.DecisionListener;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.PrunePort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.fail2ban.daemon.Daemon;

/**
 * What a running daemon counts for Prometheus: bans by strike (it hears every decision as a
 * {@link DecisionListener}), decisions applied to this node's fail2ban, store errors (every port
 * of the daemon's store, wrapped by {@link #counting(Daemon.Store)}), and the fleet's propagation
 * lag, which fleet propagation feeds through {@link #propagationLag(Duration)} (absent, NaN, until
 * then). Counters start at zero with each daemon process, as Prometheus expects of counters.
 * {@link MetricsExporter} renders them with the daemon's health.
 */
public final class DaemonMetrics implements DecisionListener {
    /** Where a decision applied to this node's fail2ban was taken. */
    public enum Origin {
        /** by this node's own daemon */
        LOCAL,
        /** by another node of the fleet */
        FLEET;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<Integer, AtomicLong> bansByStrike = new ConcurrentSkipListMap<>();
    private final Map<Origin, AtomicLong> applied = new java.util.EnumMap<>(Map.of(Origin.LOCAL, new AtomicLong(),
            Origin.FLEET, new AtomicLong()));
    private final AtomicLong storeErrors = new AtomicLong();
    private final AtomicReference<Duration> propagationLag = new AtomicReference<>();

    /** @param strikes the ladder's length: these strikes are exposed from zero (so rate() sees the first ban) */
    public DaemonMetrics(int strikes) {
        for (int k = 1; k <= strikes; k++) {
            bansByStrike.put(k, new AtomicLong());
        }
    }

    @Override
    public void decided(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            if (o.result() == Outcome.Result.OFFENSE) {
                bansByStrike.computeIfAbsent(o.offense().strike(), k -> new AtomicLong()).incrementAndGet();
                decisionApplied(Origin.LOCAL);
            }
        }
    }

    /** One decision applied to this node's jails (fleet propagation calls this with {@link Origin#FLEET}). */
    public void decisionApplied(Origin origin) {
        applied.get(origin).incrementAndGet();
    }

    @Override
    public void fleetApplied(int decisions, Duration lag) {
        applied.get(Origin.FLEET).addAndGet(decisions);
        propagationLag(lag);
    }

    /** How long the last decision from another node took to be enforced here. */
    public void propagationLag(Duration lag) {
        propagationLag.set(lag);
    }

    /** One store operation that failed. */
    public void storeError() {
        storeErrors.incrementAndGet();
    }

    /** The daemon's store with every failing call counted as a store error (and still thrown). */
    public Daemon.Store counting(Daemon.Store store) {
        return new Daemon.Store(counting(LoadHistoryPort.class, store.history()),
                counting(RecordOutcomePort.class, store.recorder()), counting(ReportQueryPort.class, store.reports()),
                counting(PrunePort.class, store.prune()), counting(RunningBansPort.class, store.running()),
                counting(DaemonStore.class, store.state()), store.location(), counting(KnownUserPort.class, store.knownUsers()),
                counting(FleetDecisionPort.class, store.fleet()));
    }

    private <T> T counting(Class<T> port, T target) {
        if (target == null) {
            return null; // a port the store does not have (known users) stays absent
        }
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException) {
                    storeError();
                }
                throw e.getCause();
            }
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, h));
    }

    /** The counters as they are now. */
    Snapshot snapshot() {
        Map<Integer, Long> bans = new TreeMap<>();
        bansByStrike.forEach((k, v) -> bans.put(k, v.get()));
        return new Snapshot(bans, applied.get(Origin.LOCAL).get(), applied.get(Origin.FLEET).get(), storeErrors.get(),
                Optional.ofNullable(propagationLag.get()));
    }

    record Snapshot(Map<Integer, Long> bansByStrike, long appliedLocal, long appliedFleet, long storeErrors,
                    Optional<Duration> propagationLag) {
    }

    /** Seconds since the epoch, as Prometheus writes times. */
    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
