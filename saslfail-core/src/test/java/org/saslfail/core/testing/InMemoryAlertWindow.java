package org.saslfail.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.saslfail.core.notify.BanNotice;
import org.saslfail.core.port.out.AlertWindowPort;

/** An {@link AlertWindowPort} in memory, for tests: a restart is a new planner over the same instance. */
public final class InMemoryAlertWindow implements AlertWindowPort {
    private final List<BanNotice> held = new ArrayList<>();

    @Override
    public synchronized void hold(BanNotice notice) {
        held.add(notice);
    }

    @Override
    public synchronized List<BanNotice> held() {
        return List.copyOf(held);
    }

    @Override
    public synchronized void release() {
        held.clear();
    }
}
