package org.saslfail.fail2ban.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.service.BackgroundTask;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.port.out.JailUnavailableException;
import org.saslfail.core.model.Texts;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.DaemonStore.Op;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.client.Fail2banException;

/**
 * The daemon's {@link JailGateway}: commands go to fail2ban over its socket; one that fail2ban
 * refuses or cannot take (it is down) is kept as pending in the store and retried with backoff,
 * so the decision that caused it is never lost. Tracks whether fail2ban is reachable and says
 * so once per change, not on every attempt. Reconcile
 * ({@link org.saslfail.core.service.ReconcileService}) sends through it what fail2ban lacks.
 *
 * <p>{@link #ban} and {@link #unban} only queue the command, so the intake never waits for
 * fail2ban. A thread of its own sends what is queued, one {@code banip}/{@code unbanip} per jail
 * for all the addresses waiting for it: fail2ban runs every action process under one lock, and
 * during a wave of bans a command per address waits its turn hundreds of times. Tier bans go
 * first; lifts from the strike-1 jails wait until no tier ban is queued (at most
 * {@link #LIFT_WAIT}), since the escalation is in force once the tier ban is. Each jail's commands
 * keep their order (a subnet's addresses are lifted before the subnet is banned in the same jail).
 */
final class Enforcer implements JailGateway, JailEnforcementPort, AutoCloseable {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** Addresses per command: a few KB on the socket, well within fail2ban's reply time-out. */
    static final int BATCH = 200;
    /** The longest a lift from a strike-1 jail waits behind queued tier bans. */
    static final Duration LIFT_WAIT = Duration.ofSeconds(2);

    private final Fail2banClient client;
    private final DaemonStore state;
    private final Clock clock;
    private final EventLog log;
    private final Set<JailName> strikeOne;
    private volatile boolean up = true;
    /** Commands not yet sent, in the order they were decided; guarded by itself. */
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private Thread sender;
    private boolean closing;
    private boolean sending;

    /** One jail command; {@code attempts} is how often it failed before (0 for a fresh one). */
    private record Item(JailName jail, IpPrefix target, Op op, int attempts, Instant at) {
    }

    Enforcer(Fail2banClient client, DaemonStore state, Clock clock, EventLog log, Set<JailName> strikeOne) {
        this.client = client;
        this.state = state;
        this.clock = clock;
        this.log = log;
        this.strikeOne = Set.copyOf(strikeOne);
    }

    @Override
    public void ban(JailName jail, IpPrefix target) {
        enqueue(jail, target, Op.BAN);
    }

    @Override
    public void unban(JailName jail, IpPrefix target) {
        enqueue(jail, target, Op.UNBAN);
    }

    boolean up() {
        return up;
    }

    /** Starts the thread that sends the queued commands. */
    synchronized void start() {
        if (sender != null) {
            throw new IllegalStateException("enforcer already started");
        }
        sender = new Thread(this::sendQueued, "saslfail-enforce");
        sender.setDaemon(true);
        sender.start();
    }

    private void enqueue(JailName jail, IpPrefix target, Op op) {
        Instant now = clock.instant();
        synchronized (queue) {
            if (!closing) {
                queue.add(new Item(jail, target, op, 0, now));
                queue.notifyAll();
                return;
            }
        }
        state.pending(jail, target, op, now, now, "saslfail was stopping");
    }

    /** True when commands are queued or being sent. */
    boolean busy() {
        synchronized (queue) {
            return sending || !queue.isEmpty();
        }
    }

    private void sendQueued() {
        while (true) {
            List<Item> next;
            synchronized (queue) {
                sending = false;
                while (queue.isEmpty() && !closing) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing) {
                    return;
                }
                next = takeNext();
                sending = true;
            }
            try {
                send(next);
                if (!up) {
                    // no use trying the rest one by one: the tick retries them once fail2ban is back
                    List<Item> rest;
                    synchronized (queue) {
                        rest = new ArrayList<>(queue);
                        queue.clear();
                    }
                    rest.forEach(i -> keep(i, "fail2ban is unreachable"));
                }
            } catch (Throwable e) {
                // the store failed while keeping a command pending; the next reconcile enforces it
                log.error("sending jail commands failed: " + BackgroundTask.describe(e), e);
            }
        }
    }

    /** The queued tier-jail commands, and the strike-1 ones when no tier command waits or they waited long enough. */
    private List<Item> takeNext() {
        List<Item> tier = new ArrayList<>();
        Instant oldestLift = null;
        for (Iterator<Item> it = queue.iterator(); it.hasNext(); ) {
            Item i = it.next();
            if (strikeOne.contains(i.jail())) {
                oldestLift = oldestLift == null ? i.at() : oldestLift;
            } else {
                tier.add(i);
                it.remove();
            }
        }
        if (oldestLift != null && (tier.isEmpty() || !oldestLift.plus(LIFT_WAIT).isAfter(clock.instant()))) {
            tier.addAll(queue);
            queue.clear();
        }
        return tier;
    }

    /** Pings fail2ban; returns true when it just came back after being unreachable. */
    boolean probe() {
        boolean wasDown = !up;
        try {
            client.ping();
            markUp();
            return wasDown;
        } catch (JailUnavailableException e) {
            markDown(e);
            return false;
        }
    }

    /** Retries the pending commands that are due (all of them when {@code all}); returns how many succeeded. */
    int retry(boolean all) {
        Instant now = clock.instant();
        List<Item> due = new ArrayList<>();
        for (DaemonStore.PendingOp p : state.due(all ? Instant.ofEpochMilli(Long.MAX_VALUE) : now, 1000)) {
            due.add(new Item(p.jail(), p.target(), p.op(), Math.max(1, p.attempts()), p.created()));
        }
        int ok = send(due).size();
        if (ok > 0) {
            log.info("applied " + ok + " pending jail command" + (ok == 1 ? "" : "s"));
        }
        return ok;
    }

    /**
     * Sends the commands, tier jails first, one command per run of the same operation in a jail
     * (at most {@link #BATCH} addresses). Returns those fail2ban took; the others are pending.
     */
    private List<Item> send(List<Item> items) {
        Map<JailName, List<Item>> byJail = new LinkedHashMap<>();
        for (Item i : items) {
            if (!strikeOne.contains(i.jail())) {
                byJail.computeIfAbsent(i.jail(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Item i : items) {
            if (strikeOne.contains(i.jail())) {
                byJail.computeIfAbsent(i.jail(), k -> new ArrayList<>()).add(i);
            }
        }
        List<List<Item>> runs = new ArrayList<>();
        for (List<Item> inJail : byJail.values()) {
            List<Item> run = new ArrayList<>();
            for (Item i : inJail) {
                if (!run.isEmpty() && (run.get(0).op() != i.op() || run.size() == BATCH)) {
                    runs.add(run);
                    run = new ArrayList<>();
                }
                run.add(i);
            }
            runs.add(run);
        }
        List<Item> took = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            if (!sendRun(runs.get(r), took)) {
                // fail2ban is down: what was not tried yet is kept for when it is back
                for (List<Item> rest : runs.subList(r + 1, runs.size())) {
                    rest.stream().filter(i -> i.attempts() == 0).forEach(i -> keep(i, "fail2ban is unreachable"));
                }
                break;
            }
        }
        return took;
    }

    /** One command for a run of one jail and operation; false when fail2ban turned out to be down. */
    private boolean sendRun(List<Item> run, List<Item> took) {
        JailName jail = run.get(0).jail();
        Op op = run.get(0).op();
        Set<IpPrefix> targets = new LinkedHashSet<>();
        run.forEach(i -> targets.add(i.target()));
        try {
            List<IpPrefix> list = List.copyOf(targets);
            if (op == Op.BAN) {
                client.ban(jail, list);
            } else {
                client.unban(jail, list);
            }
            markUp();
        } catch (JailUnavailableException e) {
            if (isDown(e)) {
                markDown(e);
                run.forEach(i -> keep(i, e.getMessage()));
                return false;
            }
            if (targets.size() > 1 && !isUnknownJail(e)) {
                // find the one fail2ban refuses; the others go through
                for (Item i : run) {
                    if (!sendRun(List.of(i), took)) {
                        return false;
                    }
                }
                return true;
            }
            run.forEach(i -> keep(i, e.getMessage()));
            if (run.stream().anyMatch(i -> i.attempts() == 0)) {
                log.warn("fail2ban refused to " + op.name().toLowerCase(java.util.Locale.ROOT) + " "
                        + (targets.size() == 1 ? targets.iterator().next() : targets.size() + " addresses") + " in "
                        + jail + ": " + e.getMessage() + "; kept pending, retried with backoff");
            }
            return true;
        }
        for (Item i : run) {
            if (i.attempts() > 0) {
                state.done(i.jail(), i.target(), i.op());
            }
        }
        took.addAll(run);
        return true;
    }

    private void keep(Item i, String why) {
        Instant now = clock.instant();
        state.pending(i.jail(), i.target(), i.op(), now, now.plus(backoff(i.attempts() + 1)), why);
    }

    @Override
    public List<JailCommand> enforce(List<JailCommand> commands) {
        Instant now = clock.instant();
        List<Item> items = new ArrayList<>();
        commands.forEach(c -> items.add(new Item(c.jail(), c.target(), c.op(), 0, now)));
        List<JailCommand> took = new ArrayList<>();
        send(items).forEach(i -> took.add(new JailCommand(i.jail(), i.target(), i.op())));
        return took;
    }

    @Override
    public void keep(JailCommand c, String why) {
        keep(new Item(c.jail(), c.target(), c.op(), 0, clock.instant()), why);
    }

    private void markDown(JailUnavailableException e) {
        if (up) {
            up = false;
            log.warn("fail2ban is unreachable: " + e.getMessage()
                    + " — saslfail keeps running; bans are recorded and applied when fail2ban is back");
        }
    }

    private void markUp() {
        if (!up) {
            up = true;
            log.info("fail2ban is reachable again on " + client.socket() + "; catching up");
        }
    }

    /** Stops the sending thread after the command in flight; what is still queued is kept pending. */
    @Override
    public void close() {
        Thread t;
        List<Item> left;
        synchronized (queue) {
            closing = true;
            queue.notifyAll();
        }
        synchronized (this) {
            t = sender;
        }
        if (t != null) {
            try {
                t.join(Fail2banClient.DEFAULT_TIMEOUT.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (queue) {
            left = new ArrayList<>(queue);
            queue.clear();
        }
        left.forEach(i -> keep(i, "saslfail stopped before sending it"));
    }

    static boolean isDown(JailUnavailableException e) {
        if (e instanceof Fail2banException f) {
            return switch (f.reason()) {
                case SOCKET_MISSING, NOT_ANSWERING, PERMISSION_DENIED -> true;
                default -> false;
            };
        }
        return true;
    }

    private static boolean isUnknownJail(JailUnavailableException e) {
        return e instanceof Fail2banException f && f.reason() == Fail2banException.Reason.UNKNOWN_JAIL;
    }

    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 6);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
