package org.saslfail.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Texts;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.out.JailUnavailableException;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.store.OffenseStore;

/** What the admin commands share: reading the ADDRESS argument, and lifting a ban in every saslfail jail. */
final class Admin {
    private static final int MAX_INPUT = 100;

    private Admin() {
    }

    /** An address or network typed by the admin, checked before anything else happens. */
    record Target(IpPrefix offender, IpPrefix typed) {
    }

    /** An address counts as its offender (itself, or its IPv6 /64); a network is taken as written. */
    static Target target(String text, EscalationPolicy policy) {
        String t = text == null ? "" : text.strip();
        try {
            if (t.length() > MAX_INPUT) {
                throw new IllegalArgumentException("too long");
            }
            if (t.contains("/")) {
                IpPrefix p = IpPrefix.parse(t);
                return new Target(p, p);
            }
            IpAddress ip = IpAddress.parse(t);
            return new Target(policy.offenderOf(ip), ip.asPrefix());
        } catch (IllegalArgumentException e) {
            throw new UsageException("not an IP address or network: " + Texts.quoteShort(text)
                    + " (e.g. 203.0.113.7, 2001:db8::1 or 203.0.113.0/24)");
        }
    }

    /** Refuses what the policy never bans: ignored or own addresses, and networks too wide. */
    static void checkNotIgnored(Target target, EscalationPolicy policy) {
        policy.refusal(target.offender()).ifPresent(why -> {
            throw new UsageException(why);
        });
    }

    /** Fails with one line, before anything changes, when fail2ban cannot be reached. */
    static void requireFail2ban(Fail2banClient client) {
        try {
            client.ping();
        } catch (JailUnavailableException e) {
            throw new JailUnavailableException(e.getMessage() + "; nothing was changed", e);
        }
    }

    /** saslfail's jails: the strike-1 jails of the enabled services, then the tier jails. */
    static Set<JailName> saslfailJails(Settings settings, EscalationPolicy policy) {
        Set<JailName> jails = new LinkedHashSet<>(Daemon.strikeOneJails(settings));
        jails.addAll(policy.tierJails());
        return jails;
    }

    /** Lifts the target from the strike-1 jails (it now sits in a tier jail). */
    static void liftFromStrikeOne(Fail2banClient client, Settings settings, Target target) {
        Set<JailName> running = new LinkedHashSet<>(client.jails());
        for (JailName jail : Daemon.strikeOneJails(settings)) {
            if (running.contains(jail)) {
                client.unban(jail, target.typed().equals(target.offender()) ? List.of(target.offender())
                        : List.of(target.offender(), target.typed()));
            }
        }
    }

    /** What {@link #lift} lifted: running bans in the store, and the jails fail2ban held the target in. */
    record Lifted(int bans, List<JailName> jails) {
    }

    /**
     * Lifts the target's ban everywhere (unban and forgive): in the store first, so that a
     * reconciling daemon does not ban again what is being lifted, then its pending retries, then
     * every saslfail jail fail2ban runs.
     */
    static Lifted lift(App app, Fail2banClient client, EscalationPolicy policy, Target target, Instant at) {
        OffenseStore store = app.store();
        int bans = store.lift(target.offender(), at);
        store.daemon().dropPending(target.offender());
        return new Lifted(bans, liftInFail2ban(client, app.settings(), policy, target));
    }

    /** Lifts the target from every saslfail jail fail2ban runs; returns the jails it was lifted from. */
    private static List<JailName> liftInFail2ban(Fail2banClient client, Settings settings, EscalationPolicy policy, Target target) {
        Set<JailName> running = new LinkedHashSet<>(client.jails());
        List<IpPrefix> forms = new ArrayList<>(List.of(target.offender()));
        if (!target.typed().equals(target.offender())) {
            forms.add(target.typed());
        }
        List<JailName> lifted = new ArrayList<>();
        for (JailName jail : saslfailJails(settings, policy)) {
            if (running.contains(jail) && client.unban(jail, forms) > 0) {
                lifted.add(jail);
            }
        }
        return lifted;
    }
}
