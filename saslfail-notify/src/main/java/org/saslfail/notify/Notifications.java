package org.saslfail.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Durations;
import org.saslfail.core.model.Texts;
import org.saslfail.core.port.in.NotifyUseCase;
import org.saslfail.core.port.out.DecisionListener;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.core.service.BackgroundTask;

/**
 * The daemon's side of notifications: outcomes go to {@link NotifyUseCase#notice}, and
 * {@link NotifyUseCase#tick()} runs when it asks to (and after every batch of notices). All of it
 * runs on a thread of its own, so the intake never waits for the store's outbox or the mail server.
 * With {@code notify.mode = none} the daemon gets {@link #off()}, which does nothing. A running
 * daemon tells it its decisions as a {@link DecisionListener}, and its new configuration on a
 * reload: built with {@link #reconfigurable}, it then takes the notify.* keys afresh (mode, recipients,
 * delivery), switching on and off too.
 */
public final class Notifications implements DecisionListener, AutoCloseable {
    /** How long to wait before trying again when a tick failed (the store was busy, say). */
    static final Duration RETRY = Duration.ofMinutes(1);

    /** {@code null} while notifications are off; swapped only on the executor's thread once it runs. */
    private volatile NotifyUseCase notify;
    /** Builds the use case for a new configuration ({@code null} for notify.mode = none); {@code null}: reloads change nothing. */
    private final Function<Settings, NotifyUseCase> rebuild;
    private boolean started;
    private final Function<Outcome, List<String>> usernames;
    private final Clock clock;
    private final EventLog log;
    private final Queue<Outcome> queue = new ConcurrentLinkedQueue<>();
    private volatile ScheduledExecutorService executor;
    /** Only touched on the executor's thread. */
    private ScheduledFuture<?> next;
    private volatile Instant wakeAt;
    /** A run is queued and has not started: a wave of bans then costs one tick, not one per ban. */
    private final AtomicBoolean runQueued = new AtomicBoolean();

    /**
     * @param usernames the SASL user names tried for an outcome's event, as far as known (may be empty)
     */
    public Notifications(NotifyUseCase notify, Function<Outcome, List<String>> usernames, Clock clock, EventLog log) {
        this(notify, null, usernames, clock, log);
    }

    private Notifications(NotifyUseCase notify, Function<Settings, NotifyUseCase> rebuild,
                          Function<Outcome, List<String>> usernames, Clock clock, EventLog log) {
        this.notify = notify;
        this.rebuild = rebuild;
        this.usernames = usernames;
        this.clock = clock;
        this.log = log;
    }

    /** notify.mode = none: nothing is started, nothing noticed. */
    public static Notifications off() {
        return new Notifications(null, o -> List.of(), null, null);
    }

    /**
     * Notifications that a reload can change: {@code rebuild} makes the use case of a configuration
     * ({@code null} when its notify.mode is none), and is called at once for {@code settings}.
     */
    public static Notifications reconfigurable(Settings settings, Function<Settings, NotifyUseCase> rebuild,
                                               Function<Outcome, List<String>> usernames, Clock clock, EventLog log) {
        return new Notifications(rebuild.apply(settings), rebuild, usernames, clock, log);
    }

    /** Starts the notification thread with a first tick (summaries due, mail left in the outbox). */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("notifications already started");
        }
        started = true;
        if (notify != null) {
            startExecutor();
        }
    }

    /**
     * Takes the notify.* keys of a reloaded configuration: the next tick plans with the new mode
     * and mails to the new recipients. A configuration it cannot use keeps the running one.
     */
    @Override
    public void reconfigured(Settings settings) {
        if (rebuild == null) {
            return;
        }
        NotifyUseCase fresh;
        try {
            fresh = rebuild.apply(settings);
        } catch (RuntimeException e) {
            log.error("reload: notifications keep their running settings: " + Texts.oneLine(e), null);
            return;
        }
        log.info("reload: notifications " + (fresh == null ? "off (notify.mode = none)"
                : settings.require("notify.mode") + " to " + settings.require("notify.to")));
        synchronized (this) {
            ScheduledExecutorService e = executor;
            if (e == null) {
                notify = fresh;
                if (started && fresh != null) {
                    startExecutor();
                }
                return;
            }
            try {
                // on the executor's thread, so no run is ever half on the old settings and half on the new
                e.execute(BackgroundTask.guard("notifications", () -> notify = fresh, log::error));
            } catch (RejectedExecutionException stopping) {
                return;
            }
        }
        wake();
    }

    private void startExecutor() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "saslfail-notify");
            t.setDaemon(true);
            return t;
        });
        executor.execute(task());
    }

    @Override
    public void decided(List<Outcome> outcomes) {
        offer(outcomes);
    }

    /** Called by the intake with every outcome of one event; returns at once. */
    public void offer(List<Outcome> outcomes) {
        if (notify == null) {
            return;
        }
        boolean any = false;
        for (Outcome o : outcomes) {
            if (o.offense() != null && (o.result() == Outcome.Result.OFFENSE || o.result() == Outcome.Result.UNBAN)) {
                queue.add(o);
                any = true;
            }
        }
        if (any) {
            wake();
        }
    }

    /** Runs the notices and a tick now, as the timer does when it fires. */
    public void wake() {
        ScheduledExecutorService e = executor;
        if (e != null && !e.isShutdown() && runQueued.compareAndSet(false, true)) {
            try {
                e.execute(task());
            } catch (RejectedExecutionException stopping) {
                // the daemon is stopping; the offense is in the store and in the daily summary
            }
        }
    }

    /** When the next tick is due, as the last tick asked; empty before the first. */
    public Optional<Instant> scheduledFor() {
        return Optional.ofNullable(wakeAt);
    }

    /** {@link #run} guarded, so that nothing it throws can vanish inside the executor. */
    private Runnable task() {
        return BackgroundTask.guard("notifications", this::run, log::error);
    }

    private void run() {
        runQueued.set(false);
        NotifyUseCase notify = this.notify;
        if (notify == null) {
            queue.clear();
            wakeAt = null;
            if (next != null) {
                next.cancel(false);
            }
            return;
        }
        Instant when;
        try {
            for (Outcome o = queue.poll(); o != null; o = queue.poll()) {
                notify.notice(o, usernames(o));
            }
            when = notify.tick();
        } catch (Throwable e) {
            // an Error too: left to the executor it would vanish and no tick would ever be scheduled again
            log.error("notifications failed, trying again in " + Durations.left(RETRY) + ": " + BackgroundTask.describe(e), e);
            when = clock.instant().plus(RETRY);
        }
        if (next != null) {
            next.cancel(false);
        }
        if (executor.isShutdown()) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        wakeAt = when;
        next = executor.schedule(task(), delay, TimeUnit.MILLISECONDS);
    }

    private List<String> usernames(Outcome o) {
        try {
            return usernames.apply(o);
        } catch (Throwable e) {
            // the names are a courtesy; the notice goes out without them, and the log says why
            log.warn("notice for " + o.offender() + " goes out without the tried user names: " + BackgroundTask.describe(e));
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
