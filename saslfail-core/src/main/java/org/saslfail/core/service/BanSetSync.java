package org.saslfail.core.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.BanSetPort.Element;
import org.saslfail.core.report.ActiveBan;

/**
 * Keeps a {@link BanSetPort} holding exactly saslfail's own running bans (tier, permanent and
 * subnet bans; {@link EscalationPolicy#ownBan}), each until its stored expiry.
 *
 * <p>How drift is found without reading the whole set on every tick: {@link #load} fills the set
 * in one transaction and remembers its generation. {@link #check} (cheap, every few seconds)
 * compares only the generation: a set that was flushed, deleted or lost in a reboot is loaded
 * again whole. Drift inside a set of the right generation (an element deleted or added by hand,
 * a wrong expiry, a batch that failed) is found by {@link #verify}, the full diff, which
 * {@link #check} runs once every {@code verifyEvery}, and which mends everything it finds in one
 * transaction. Not thread-safe: one caller (the daemon's maintenance tick).
 */
public final class BanSetSync {
    /** An expiry the set keeps may differ this much from the stored one before it counts as wrong. */
    public static final Duration EXPIRY_SLACK = Duration.ofSeconds(10);

    private final BanSetPort set;
    private final Clock clock;
    private final Duration verifyEvery;
    private String generation = "";
    private Instant lastVerified = Instant.EPOCH;
    private Result last;

    /** What the set held after a load, check or verification, and the drift that was mended. */
    public record Result(String how, Instant at, int elements, int missing, int extra, int wrongExpiry) {
        public int drift() {
            return missing + extra + wrongExpiry;
        }
    }

    public BanSetSync(BanSetPort set, Clock clock, Duration verifyEvery) {
        this.set = set;
        this.clock = clock;
        this.verifyEvery = verifyEvery;
    }

    /** The elements the set must hold for these running bans: the policy's own bans, latest expiry per target. */
    public static List<Element> wanted(EscalationPolicy policy, List<ActiveBan> active) {
        Map<IpPrefix, Element> byTarget = new HashMap<>();
        for (ActiveBan b : active) {
            if (policy.ownBan(b.jail(), b.offender())) {
                byTarget.merge(b.offender(), new Element(b.offender(), b.expiresAt()), BanSetSync::longer);
            }
        }
        return new ArrayList<>(byTarget.values());
    }

    private static Element longer(Element a, Element b) {
        if (a.permanent() || b.permanent()) {
            return a.permanent() ? a : b;
        }
        return a.expiresAt().isAfter(b.expiresAt()) ? a : b;
    }

    /** Fills the set with every running ban in one transaction (daemon start, or a lost set). */
    public Result load(EscalationPolicy policy, List<ActiveBan> active) {
        List<Element> wanted = wanted(policy, active);
        set.replace(wanted);
        generation = set.generation();
        lastVerified = clock.instant();
        last = new Result("loaded", lastVerified, wanted.size(), 0, 0, 0);
        return last;
    }

    /**
     * The cheap check: loads the set again when its generation changed (someone else's flush, a
     * reboot), verifies it when a verification is due, and otherwise reads nothing but the generation.
     *
     * @return what was done, or null when the set was as expected and nothing was due
     */
    public Result check(EscalationPolicy policy, Supplier<List<ActiveBan>> active) {
        String now = set.generation();
        if (!now.equals(generation)) {
            Result r = load(policy, active.get());
            last = new Result(now.isEmpty() ? "reloaded (set was gone)" : "reloaded (set was recreated)",
                    r.at(), r.elements(), r.elements(), 0, 0);
            return last;
        }
        if (Duration.between(lastVerified, clock.instant()).compareTo(verifyEvery) >= 0) {
            return verify(policy, active.get());
        }
        return null;
    }

    /** What a set holds against what it should: the changes that mend it, and the counts a report shows. */
    public record Diff(List<Element> add, List<IpPrefix> remove, int held, int missing, int wrongExpiry) {
        public int drift() {
            return missing + remove.size() + wrongExpiry;
        }
    }

    /** Compares what the set holds with the running bans, changing nothing (for {@code doctor}, and {@link #verify}). */
    public static Diff diff(EscalationPolicy policy, List<ActiveBan> active, List<Element> held) {
        Map<IpPrefix, Element> want = new HashMap<>();
        for (Element e : wanted(policy, active)) {
            want.put(e.target(), e);
        }
        List<Element> add = new ArrayList<>();
        List<IpPrefix> remove = new ArrayList<>();
        int wrong = 0;
        for (Element h : held) {
            Element w = want.remove(h.target());
            if (w == null) {
                remove.add(h.target());
            } else if (!sameExpiry(w, h)) {
                add.add(w);
                wrong++;
            }
        }
        add.addAll(want.values());
        return new Diff(add, remove, held.size(), want.size(), wrong);
    }

    /** The full diff of the set against the running bans; mends what differs in one transaction. */
    public Result verify(EscalationPolicy policy, List<ActiveBan> active) {
        Instant now = clock.instant();
        Diff d = diff(policy, active, set.elements());
        if (!d.add().isEmpty() || !d.remove().isEmpty()) {
            set.apply(d.add(), d.remove());
        }
        lastVerified = now;
        last = new Result("verified", now, d.held() - d.remove().size() + d.missing(), d.missing(), d.remove().size(),
                d.wrongExpiry());
        return last;
    }

    private static boolean sameExpiry(Element want, Element held) {
        if (want.permanent() || held.permanent()) {
            return want.permanent() == held.permanent();
        }
        return Duration.between(want.expiresAt(), held.expiresAt()).abs().compareTo(EXPIRY_SLACK) <= 0;
    }

    /** The last load, check or verification that did something; null before the first. */
    public Result last() {
        return last;
    }
}
