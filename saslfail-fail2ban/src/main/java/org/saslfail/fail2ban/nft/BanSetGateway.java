package org.saslfail.fail2ban.nft;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.out.BanSetException;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.BanSetPort.Element;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.service.BackgroundTask;

/**
 * The daemon's {@link JailGateway} under {@code enforcement = nftables}: every command still goes
 * to fail2ban (the tier jails list their bans there, with an action that does nothing), and
 * saslfail's own bans ({@link EscalationPolicy#ownBan}) also go to the ban set, which enforces
 * them. Changes to the set are queued and a thread of its own applies everything queued in one
 * transaction, so a wave of escalations costs one {@code nft} process per batch, not per address.
 */
public final class BanSetGateway implements JailGateway, AutoCloseable {
    private final JailGateway fail2ban;
    private final BanSetPort set;
    private final Supplier<EscalationPolicy> policy;
    private final Clock clock;
    private final Consumer<String> warn;
    /** The last change per target (null: remove it), latest last; guarded by itself. */
    private final LinkedHashMap<IpPrefix, Element> queued = new LinkedHashMap<>();
    private final Thread sender;
    private volatile boolean closing;
    private volatile boolean sending;
    private volatile boolean failed;
    private volatile Instant lastApplied;
    private long applied;

    /** @param warn where a refused batch is reported (the daemon's log) */
    public BanSetGateway(JailGateway fail2ban, BanSetPort set, Supplier<EscalationPolicy> policy, Clock clock,
                         Consumer<String> warn) {
        this.fail2ban = fail2ban;
        this.set = set;
        this.policy = policy;
        this.clock = clock;
        this.warn = warn;
        this.sender = new Thread(this::sendQueued, "saslfail-banset");
        sender.setDaemon(true);
    }

    public void start() {
        sender.start();
    }

    @Override
    public void ban(JailName jail, IpPrefix target) {
        fail2ban.ban(jail, target);
    }

    @Override
    public void ban(JailName jail, IpPrefix target, Instant expiresAt) {
        if (policy.get().ownBan(jail, target)) {
            queue(target, new Element(target, expiresAt));
        }
        fail2ban.ban(jail, target, expiresAt);
    }

    @Override
    public void unban(JailName jail, IpPrefix target) {
        if (policy.get().ownBan(jail, target)) {
            queue(target, null);
        }
        fail2ban.unban(jail, target);
    }

    private void queue(IpPrefix target, Element change) {
        synchronized (queued) {
            queued.remove(target); // the latest change wins, and keeps its place behind earlier ones
            queued.put(target, change);
            queued.notifyAll();
        }
    }

    private void sendQueued() {
        while (true) {
            Map<IpPrefix, Element> batch;
            synchronized (queued) {
                while (queued.isEmpty() && !closing) {
                    try {
                        queued.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queued.isEmpty()) {
                    return;
                }
                batch = new LinkedHashMap<>(queued);
                queued.clear();
                sending = true;
            }
            // whatever a batch throws, the thread carries on (BackgroundTask's rule) and the next check mends the set
            if (!BackgroundTask.run("applying " + batch.size() + " ban-set changes", () -> send(batch),
                    (line, t) -> warn.accept(line))) {
                failed = true;
            }
            sending = false;
        }
    }

    /** True when nothing is queued or being applied. */
    public boolean idle() {
        synchronized (queued) {
            return queued.isEmpty() && !sending;
        }
    }

    private void send(Map<IpPrefix, Element> batch) {
        List<Element> add = new ArrayList<>();
        List<IpPrefix> remove = new ArrayList<>();
        batch.forEach((target, change) -> {
            if (change == null) {
                remove.add(target);
            } else {
                add.add(change);
            }
        });
        try {
            set.apply(add, remove);
            synchronized (this) {
                applied += batch.size();
            }
            lastApplied = clock.instant();
        } catch (BanSetException e) {
            failed = true; // the next check verifies the whole set and mends it
            warn.accept("the ban set refused " + batch.size() + " change" + (batch.size() == 1 ? "" : "s")
                    + ": " + e.getMessage() + "; the next reconcile mends the set");
        }
    }

    /** True once since a batch failed: the caller should verify the whole set now. */
    public boolean takeFailure() {
        boolean f = failed;
        failed = false;
        return f;
    }

    /** Changes applied so far, and when the last batch went in (null before the first). */
    public synchronized long applied() {
        return applied;
    }

    public Instant lastApplied() {
        return lastApplied;
    }

    /** Applies what is queued, then stops the thread. */
    @Override
    public void close() {
        closing = true;
        synchronized (queued) {
            queued.notifyAll();
        }
        try {
            sender.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
