package org.saslfail.core.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.DaemonStore;

/** {@link DaemonStore} in memory, for tests and for embedding a daemon without a database; thread-safe. */
public final class InMemoryDaemonStore implements DaemonStore {
    private final Map<String, String> state = new HashMap<>();
    private final Map<String, Heartbeat> beats = new HashMap<>();
    private final Map<Key, PendingOp> pending = new LinkedHashMap<>();

    private record Key(JailName jail, IpPrefix target, Op op) {
    }

    @Override
    public String location() {
        return "memory";
    }

    @Override
    public synchronized Optional<String> state(String name) {
        return Optional.ofNullable(state.get(name));
    }

    @Override
    public synchronized void putState(String name, String value, Instant at) {
        state.put(name, value);
    }

    @Override
    public synchronized void beat(Heartbeat heartbeat) {
        beats.put(heartbeat.node(), heartbeat);
    }

    @Override
    public synchronized Optional<Heartbeat> heartbeat(String node) {
        return Optional.ofNullable(beats.get(node));
    }

    @Override
    public synchronized List<Heartbeat> heartbeats() {
        return beats.values().stream().sorted(java.util.Comparator.comparing(Heartbeat::node)).toList();
    }

    @Override
    public synchronized void pending(JailName jail, IpPrefix target, Op op, Instant at, Instant nextAt, String error) {
        Key k = new Key(jail, target, op);
        PendingOp was = pending.get(k);
        pending.put(k, was == null ? new PendingOp(jail, target, op, at, 1, nextAt, error)
                : new PendingOp(jail, target, op, was.created(), was.attempts() + 1, nextAt, error));
    }

    @Override
    public synchronized List<PendingOp> due(Instant now, int limit) {
        List<PendingOp> due = new ArrayList<>();
        for (PendingOp p : pending.values()) {
            if (!p.nextAt().isAfter(now)) {
                due.add(p);
            }
        }
        due.sort(Comparator.comparing(PendingOp::created));
        return List.copyOf(due.subList(0, Math.min(limit, due.size())));
    }

    @Override
    public synchronized void done(JailName jail, IpPrefix target, Op op) {
        pending.remove(new Key(jail, target, op));
    }

    @Override
    public synchronized int dropPending(IpPrefix target) {
        int before = pending.size();
        pending.keySet().removeIf(k -> k.target().equals(target));
        return before - pending.size();
    }

    @Override
    public synchronized int pendingCount() {
        return pending.size();
    }

    @Override
    public void limitPageCache(int kibibytes) {
        // nothing cached
    }
}
