package org.saslfail.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Service;

/**
 * When an address is a known user's: someone logged in successfully from it (IPv6: from its /64)
 * within {@code window} up to the instant in question, to the same service under per-service
 * history. The one place that says so; the escalation decision, subnet counting, the permanent
 * rule and every report ask it.
 *
 * @param mode   cap, ignore or off
 * @param window how long a successful login keeps an address known ({@code known_user_window})
 */
public record KnownUserRule(KnownUsers mode, Duration window) {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    public KnownUserRule {
        Objects.requireNonNull(mode, "mode");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("known_user_window must be positive, got " + window);
        }
    }

    public static KnownUserRule defaults() {
        return new KnownUserRule(KnownUsers.CAP, DEFAULT_WINDOW);
    }

    public boolean on() {
        return mode != KnownUsers.OFF;
    }

    /** The earliest login time that can still make an address known at {@code t} (exclusive). */
    public Instant since(Instant t) {
        return t.minus(window);
    }

    /**
     * The logins among {@code logins} that make the address known at {@code t}: after
     * {@code t - window}, not after {@code t}, and under per-service history of {@code service}
     * only; newest first. Empty when the rule is off.
     *
     * @param service the service the decision is about; ignored under shared history
     */
    public List<Login> knownAt(List<Login> logins, Instant t, Service service, HistoryMode history) {
        if (!on()) {
            return List.of();
        }
        Instant from = since(t);
        List<Login> known = new ArrayList<>();
        for (Login l : logins) {
            if (l.at().isAfter(from) && !l.at().isAfter(t)
                    && (history != HistoryMode.PER_SERVICE || service == null || l.service() == service)) {
                known.add(l);
            }
        }
        known.sort(Comparator.comparing(Login::at).reversed());
        return List.copyOf(known);
    }

    /** The distinct user names of {@code logins}, in their order. */
    public static List<String> users(List<Login> logins) {
        Set<String> names = new LinkedHashSet<>();
        logins.forEach(l -> names.add(l.user()));
        return List.copyOf(names);
    }
}
