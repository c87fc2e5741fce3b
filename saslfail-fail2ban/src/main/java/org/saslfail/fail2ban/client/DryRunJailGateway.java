package org.saslfail.fail2ban.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;

/**
 * A gateway that touches nothing and only records what it would have done, for
 * {@code saslfail replay} and for previews. Thread-safe.
 */
public final class DryRunJailGateway implements JailGateway {

    /** One action the gateway would have taken. */
    public record Action(Kind kind, JailName jail, IpPrefix target) {
        /** Ban or unban. */
        public enum Kind { BAN, UNBAN }

        public Action {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(jail, "jail");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String toString() {
            return (kind == Kind.BAN ? "ban " : "unban ") + target + " in " + jail;
        }
    }

    private final List<Action> actions = new ArrayList<>();

    @Override
    public synchronized void ban(JailName jail, IpPrefix target) {
        actions.add(new Action(Action.Kind.BAN, jail, target));
    }

    @Override
    public synchronized void unban(JailName jail, IpPrefix target) {
        actions.add(new Action(Action.Kind.UNBAN, jail, target));
    }

    /** What would have been done, in order. */
    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }

    /** The targets a real gateway would now hold banned in {@code jail}, replaying the actions in order. */
    public synchronized List<IpPrefix> banned(JailName jail) {
        List<IpPrefix> banned = new ArrayList<>();
        for (Action a : actions) {
            if (a.jail().equals(jail)) {
                banned.remove(a.target());
                if (a.kind() == Action.Kind.BAN) {
                    banned.add(a.target());
                }
            }
        }
        return banned;
    }
}
