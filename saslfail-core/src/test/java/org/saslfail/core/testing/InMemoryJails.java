package org.saslfail.core.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.DaemonStore.Op;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.port.out.JailUnavailableException;

/**
 * Jails in memory: what each running jail holds; {@link #down()} makes every call fail as an
 * unreachable fail2ban would. Commands it cannot take are kept in {@link #pending()}.
 */
public final class InMemoryJails implements JailAdminPort, JailGateway, JailEnforcementPort {
    private final Map<JailName, Set<IpPrefix>> jails = new LinkedHashMap<>();
    private final List<JailCommand> pending = new ArrayList<>();
    private boolean down;

    public InMemoryJails(Collection<JailName> running) {
        running.forEach(j -> jails.put(j, new LinkedHashSet<>()));
    }

    /** From now on every call throws {@link JailUnavailableException}. */
    public synchronized InMemoryJails down() {
        down = true;
        return this;
    }

    /** What {@code jail} holds now. */
    public synchronized List<IpPrefix> bannedIn(JailName jail) {
        return List.copyOf(jails.getOrDefault(jail, Set.of()));
    }

    @Override
    public synchronized void requireReachable() {
        check();
    }

    @Override
    public synchronized Set<JailName> runningJails() {
        check();
        return Set.copyOf(jails.keySet());
    }

    @Override
    public synchronized List<IpPrefix> held(JailName jail) {
        return List.copyOf(jail(jail));
    }

    @Override
    public synchronized List<JailCommand> enforce(List<JailCommand> commands) {
        List<JailCommand> took = new ArrayList<>();
        for (JailCommand c : commands) {
            try {
                if (c.op() == Op.BAN) {
                    ban(c.jail(), List.of(c.target()));
                } else {
                    unban(c.jail(), List.of(c.target()));
                }
                took.add(c);
            } catch (JailUnavailableException e) {
                keep(c, e.getMessage());
            }
        }
        return took;
    }

    @Override
    public synchronized void keep(JailCommand command, String why) {
        pending.add(command);
    }

    /** The commands kept for later, oldest first. */
    public synchronized List<JailCommand> pending() {
        return List.copyOf(pending);
    }

    @Override
    public synchronized int ban(JailName jail, Collection<IpPrefix> targets) {
        Set<IpPrefix> held = jail(jail);
        int added = 0;
        for (IpPrefix t : targets) {
            added += held.add(t) ? 1 : 0;
        }
        return added;
    }

    @Override
    public synchronized int unban(JailName jail, Collection<IpPrefix> targets) {
        Set<IpPrefix> held = jail(jail);
        int removed = 0;
        for (IpPrefix t : targets) {
            removed += held.remove(t) ? 1 : 0;
        }
        return removed;
    }

    @Override
    public void ban(JailName jail, IpPrefix target) {
        ban(jail, List.of(target));
    }

    @Override
    public void unban(JailName jail, IpPrefix target) {
        unban(jail, List.of(target));
    }

    private Set<IpPrefix> jail(JailName jail) {
        check();
        Set<IpPrefix> held = jails.get(jail);
        if (held == null) {
            throw new JailUnavailableException("no jail " + jail);
        }
        return held;
    }

    private void check() {
        if (down) {
            throw new JailUnavailableException("fail2ban is not running");
        }
    }
}
