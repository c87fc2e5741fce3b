package org.saslfail.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.port.out.JailUnavailableException;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.client.Fail2banException;
import org.saslfail.store.DaemonStore;
import org.saslfail.store.DaemonStore.Op;

/**
 * The daemon's {@link JailGateway}: commands go to fail2ban over its socket; one that fail2ban
 * refuses or cannot take (it is down) is kept as pending in the store and retried with backoff,
 * so the decision that caused it is never lost. Tracks whether fail2ban is reachable and says
 * so once per change, not on every attempt. {@link #reconcile} makes fail2ban hold every ban the
 * store says is running, without banning anything twice.
 */
final class Enforcer implements JailGateway {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final Fail2banClient client;
    private final DaemonStore state;
    private final Clock clock;
    private final DaemonLog log;
    private volatile boolean up = true;
    private final Set<JailName> missingJails = new HashSet<>();

    Enforcer(Fail2banClient client, DaemonStore state, Clock clock, DaemonLog log) {
        this.client = client;
        this.state = state;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void ban(JailName jail, IpPrefix target) {
        apply(jail, target, Op.BAN);
    }

    @Override
    public void unban(JailName jail, IpPrefix target) {
        apply(jail, target, Op.UNBAN);
    }

    boolean up() {
        return up;
    }

    /** Sends one command; on failure keeps it pending. Returns whether fail2ban took it. */
    private boolean apply(JailName jail, IpPrefix target, Op op) {
        try {
            send(jail, target, op);
            return true;
        } catch (JailUnavailableException e) {
            Instant now = clock.instant();
            state.pending(jail, target, op, now, now.plus(backoff(1)), e.getMessage());
            if (isDown(e)) {
                markDown(e);
            } else {
                log.warn("fail2ban refused to " + op.name().toLowerCase(java.util.Locale.ROOT) + " " + target
                        + " in " + jail + ": " + e.getMessage() + "; kept pending, retried with backoff");
            }
            return false;
        }
    }

    private void send(JailName jail, IpPrefix target, Op op) {
        if (op == Op.BAN) {
            client.ban(jail, List.of(target));
        } else {
            client.unban(jail, List.of(target));
        }
        markUp();
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
        int ok = 0;
        for (DaemonStore.PendingOp p : state.due(all ? Instant.ofEpochMilli(Long.MAX_VALUE) : now, 1000)) {
            try {
                send(p.jail(), p.target(), p.op());
                state.done(p.jail(), p.target(), p.op());
                ok++;
            } catch (JailUnavailableException e) {
                state.pending(p.jail(), p.target(), p.op(), now, now.plus(backoff(p.attempts() + 1)), e.getMessage());
                if (isDown(e)) {
                    markDown(e);
                    break;
                }
            }
        }
        if (ok > 0) {
            log.info("applied " + ok + " pending jail command" + (ok == 1 ? "" : "s"));
        }
        return ok;
    }

    /** What one reconciliation changed. */
    record Reconciled(int banned, int liftedFromStrikeOne, int alreadyEnforced) {
    }

    /**
     * Makes fail2ban hold every ban running in the store: bans what a jail lacks (e.g. after
     * fail2ban lost its database) and lifts tier offenders from the strike-1 jails. Reads each
     * jail's ban list once first, so nothing already banned is banned again.
     */
    Reconciled reconcile(EscalationPolicy policy, Set<JailName> strikeOne, List<ActiveBan> active) {
        Set<JailName> running = new HashSet<>(client.jails());
        Map<JailName, Map<IpPrefix, List<IpPrefix>>> held = new HashMap<>();
        Set<JailName> wanted = new HashSet<>(strikeOne);
        wanted.addAll(policy.tierJails());
        active.forEach(b -> wanted.add(b.jail()));
        for (JailName jail : wanted) {
            if (!running.contains(jail)) {
                if (missingJails.add(jail)) {
                    log.warn("fail2ban has no jail " + jail + " (run 'saslfail fail2ban write-config' and reload fail2ban)");
                }
                continue;
            }
            missingJails.remove(jail);
            Map<IpPrefix, List<IpPrefix>> byOffender = new HashMap<>();
            for (String entry : client.status(jail).banned()) {
                IpPrefix p;
                try {
                    p = IpPrefix.parseLenient(entry);
                } catch (IllegalArgumentException e) {
                    continue; // not an address saslfail would have banned
                }
                IpPrefix offender = p.isHost() ? policy.offenderOf(p.network()) : p;
                byOffender.computeIfAbsent(offender, k -> new ArrayList<>()).add(p);
            }
            held.put(jail, byOffender);
        }
        int banned = 0;
        int lifted = 0;
        int already = 0;
        for (ActiveBan b : active) {
            Map<IpPrefix, List<IpPrefix>> inJail = held.get(b.jail());
            if (inJail == null) {
                state.pending(b.jail(), b.offender(), Op.BAN, clock.instant(), clock.instant().plus(backoff(1)),
                        "fail2ban has no jail " + b.jail());
                continue;
            }
            if (inJail.containsKey(b.offender())) {
                already++;
            } else if (apply(b.jail(), b.offender(), Op.BAN)) {
                banned++;
            }
            if (!strikeOne.contains(b.jail())) {
                for (JailName s1 : strikeOne) {
                    List<IpPrefix> entries = held.getOrDefault(s1, Map.of()).get(b.offender());
                    if (entries != null) {
                        for (IpPrefix e : entries) {
                            if (apply(s1, e, Op.UNBAN)) {
                                lifted++;
                            }
                        }
                    }
                }
            }
        }
        return new Reconciled(banned, lifted, already);
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

    static boolean isDown(JailUnavailableException e) {
        if (e instanceof Fail2banException f) {
            return switch (f.reason()) {
                case SOCKET_MISSING, NOT_ANSWERING, PERMISSION_DENIED -> true;
                default -> false;
            };
        }
        return true;
    }

    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 6);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
