package org.saslfail.core.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.port.in.FleetStatusUseCase;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.DaemonStore.Heartbeat;
import org.saslfail.core.port.out.FleetDecisionPort;

/** Reads the fleet's state from the store: a handful of queries whatever the size of the decision log. */
public final class FleetStatusService implements FleetStatusUseCase {
    private final FleetDecisionPort decisions;
    private final DaemonStore state;

    public FleetStatusService(FleetDecisionPort decisions, DaemonStore state) {
        this.decisions = decisions;
        this.state = state;
    }

    @Override
    public FleetStatus status(FleetStatusQuery q) {
        long newest = decisions.newest();
        Map<String, Heartbeat> beats = new TreeMap<>();
        state.heartbeats().forEach(h -> beats.put(h.node(), h));
        Map<String, FleetDecisionPort.Applied> progress = new TreeMap<>();
        decisions.progress().forEach(a -> progress.put(a.node(), a));
        TreeSet<String> names = new TreeSet<>(beats.keySet());
        names.addAll(progress.keySet());
        List<NodeStatus> nodes = new ArrayList<>();
        for (String node : names) {
            Optional<Heartbeat> beat = Optional.ofNullable(beats.get(node));
            boolean alive = beat.isPresent() && !beat.get().beat().isBefore(q.now().minus(q.fresh()));
            FleetDecisionPort.Applied applied = progress.get(node);
            long id = applied == null ? 0 : applied.id();
            Optional<Duration> lag = Optional.empty();
            if (applied != null) {
                lag = Optional.of(newest <= id ? Duration.ZERO : decisions.after(id, 1).stream().findFirst()
                        .map(FleetDecision::at).map(t -> t.isAfter(q.now()) ? Duration.ZERO : Duration.between(t, q.now()))
                        .orElse(Duration.ZERO));
            }
            nodes.add(new NodeStatus(node, beat, alive, id, Optional.ofNullable(applied).map(FleetDecisionPort.Applied::at),
                    Math.max(0, newest - id), lag));
        }
        return new FleetStatus(q.now(), newest, nodes);
    }
}
