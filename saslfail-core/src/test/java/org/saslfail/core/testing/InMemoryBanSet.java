package org.saslfail.core.testing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.port.out.BanSetPort;

/** A {@link BanSetPort} in memory whose elements end on the given clock, as the kernel's do. Thread-safe. */
public final class InMemoryBanSet implements BanSetPort {
    private final Clock clock;
    private final Map<IpPrefix, Element> held = new LinkedHashMap<>();
    private int generation;
    private boolean exists;

    public InMemoryBanSet(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void apply(List<Element> add, List<IpPrefix> remove) {
        if (!exists) {
            throw new org.saslfail.core.port.out.BanSetException("no ban set (load it first)");
        }
        remove.forEach(held::remove);
        for (Element e : add) {
            if (e.permanent() || e.expiresAt().isAfter(clock.instant())) {
                held.put(e.target(), e);
            }
        }
    }

    @Override
    public synchronized String replace(Elements elements) {
        held.clear();
        exists = true;
        generation++;
        List<Element> all = new ArrayList<>();
        elements.forEach(all::add);
        apply(all, List.of());
        return Integer.toString(generation);
    }

    @Override
    public synchronized void forEachElement(Consumer<Element> sink) {
        held.values().removeIf(e -> !e.permanent() && !e.expiresAt().isAfter(clock.instant()));
        new ArrayList<>(held.values()).forEach(sink);
    }

    /** Everything the set holds now. */
    public List<Element> elements() {
        List<Element> all = new ArrayList<>();
        forEachElement(all::add);
        return all;
    }

    @Override
    public synchronized boolean holds(String token) {
        return exists && Integer.toString(generation).equals(token);
    }

    @Override
    public String location() {
        return "memory";
    }

    @Override
    public List<String> sets() {
        return List.of("v4", "v6");
    }

    @Override
    public String setOf(IpPrefix target) {
        return target.isV4() ? "v4" : "v6";
    }

    @Override
    public synchronized boolean exists() {
        return exists;
    }

    @Override
    public synchronized void drop() {
        held.clear();
        exists = false;
    }

    /** What someone else's {@code nft flush ruleset} (or a reboot) does. */
    public synchronized void lose() {
        drop();
    }
}
