package org.saslfail.core.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.BanSetPort.Element;
import org.saslfail.core.port.out.RunningBansPort;

/**
 * Keeps a {@link BanSetPort} holding exactly saslfail's own running bans (tier, permanent and
 * subnet bans; {@link EscalationPolicy#ownBan}), each until its stored expiry.
 *
 * <p>How drift is found without reading the whole set on every tick: {@link #load} fills the set
 * in one transaction and remembers its generation. {@link #check} (cheap, every few seconds)
 * asks only whether the set still holds that generation ({@link BanSetPort#holds}): a set that was flushed, deleted or lost in a reboot is loaded
 * again whole. Drift inside a set of the right generation (an element deleted or added by hand,
 * a wrong expiry, a batch that failed) is found by {@link #verify}, the full diff, which
 * {@link #check} runs once every {@code verifyEvery}, and which mends everything it finds in one
 * transaction. The running bans are streamed from the store into primitive arrays
 * ({@link WantedBans}) and the set's elements streamed past them, so 500,000 bans fit a small heap.
 * Not thread-safe: one caller (the daemon's maintenance tick).
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
    /** How many elements the last read wanted: the size of the next table. */
    private int lastWanted = 1024;

    /** The name under which the daemon keeps its last {@link Result} in its state ({@link Result#encode()}). */
    public static final String STATE = "nftables.set";

    /**
     * What the set held after a load, check, verification or read, per set, and the drift found
     * (mended, unless it was a read-only {@link #read}).
     */
    public record Result(String how, Instant at, Map<String, Integer> perSet, int missing, int extra, int wrongExpiry) {
        public Result {
            perSet = Collections.unmodifiableMap(new LinkedHashMap<>(perSet));
        }

        public int elements() {
            return perSet.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int drift() {
            return missing + extra + wrongExpiry;
        }

        /** Per-set counts, e.g. {@code addr4 12, net4 1}. */
        public String counts() {
            return perSet.isEmpty() ? "no elements" : perSet.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
        }

        /** One line for people: the counts, the drift and what became of it, how and when. */
        public String describe() {
            return elements() + " elements (" + counts() + "), drift " + drift() + (drift() == 0 ? "" : " (" + missing
                    + " missing, " + extra + " that should be gone, " + wrongExpiry + " wrong timeouts)") + ", " + how
                    + " at " + at;
        }

        /** A form the daemon keeps in its state for {@code status}; {@link #decode} reads it back. */
        public String encode() {
            return how + "|" + at + "|" + perSet.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")) + "|" + missing + "|" + extra + "|" + wrongExpiry;
        }

        /** What {@link #encode} wrote; empty for anything else (an older daemon's line). */
        public static Optional<Result> decode(String text) {
            String[] f = text.split("\\|", -1);
            if (f.length != 6) {
                return Optional.empty();
            }
            try {
                Map<String, Integer> perSet = new LinkedHashMap<>();
                for (String kv : f[2].isEmpty() ? new String[0] : f[2].split(",")) {
                    int eq = kv.indexOf('=');
                    perSet.put(kv.substring(0, eq), Integer.parseInt(kv.substring(eq + 1)));
                }
                return Optional.of(new Result(f[0], Instant.parse(f[1]), perSet, Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), Integer.parseInt(f[5])));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** What a set holds against what it should: the changes that mend it, and the counts a report shows. */
    public record Diff(List<Element> add, List<IpPrefix> remove, Map<String, Integer> heldPerSet, int missing, int wrongExpiry) {
        /** How many elements the set held when it was read. */
        public int held() {
            return heldPerSet.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int drift() {
            return missing + remove.size() + wrongExpiry;
        }
    }

    public BanSetSync(BanSetPort set, Clock clock, Duration verifyEvery) {
        this.set = set;
        this.clock = clock;
        this.verifyEvery = verifyEvery;
    }

    /** The elements the set must hold for the bans running now: the policy's own bans, the longest per target. */
    public static List<Element> wanted(EscalationPolicy policy, RunningBansPort running, Instant at) {
        List<Element> list = new ArrayList<>();
        WantedBans.read(policy, running, at, 1024).forEach(list::add);
        return list;
    }

    /** Fills the set with every running ban in one transaction (daemon start, or a lost set). */
    public Result load(EscalationPolicy policy, RunningBansPort running) {
        Instant now = clock.instant();
        WantedBans wanted = WantedBans.read(policy, running, now, lastWanted);
        lastWanted = wanted.size();
        generation = set.replace(wanted);
        lastVerified = now;
        Map<String, Integer> perSet = zeros(set);
        wanted.countBy(set::setOf).forEach(perSet::put);
        last = new Result("loaded", now, perSet, 0, 0, 0);
        return last;
    }

    /**
     * The cheap check: loads the set again when its generation changed (someone else's flush, a
     * reboot), verifies it when a verification is due, and otherwise reads nothing but the generation.
     *
     * @return what was done, or null when the set was as expected and nothing was due
     */
    public Result check(EscalationPolicy policy, RunningBansPort running) {
        if (!set.holds(generation)) {
            boolean gone = !set.exists();
            Result r = load(policy, running);
            last = new Result(gone ? "reloaded (set was gone)" : "reloaded (set was recreated)",
                    r.at(), r.perSet(), r.elements(), 0, 0);
            return last;
        }
        if (Duration.between(lastVerified, clock.instant()).compareTo(verifyEvery) >= 0) {
            return verify(policy, running);
        }
        return null;
    }

    /** Compares what the set holds with the running bans, changing nothing (for {@code doctor}, and {@link #verify}). */
    public static Diff diff(EscalationPolicy policy, RunningBansPort running, BanSetPort set, Instant at) {
        return diff(policy, running, set, at, 1024);
    }

    private static Diff diff(EscalationPolicy policy, RunningBansPort running, BanSetPort set, Instant at, int expected) {
        WantedBans wanted = WantedBans.read(policy, running, at, expected);
        BitSet seen = new BitSet();
        List<Element> add = new ArrayList<>();
        List<IpPrefix> remove = new ArrayList<>();
        Map<String, Integer> held = zeros(set);
        int[] wrongExpiry = {0};
        set.forEachElement(h -> {
            held.merge(set.setOf(h.target()), 1, Integer::sum);
            int i = wanted.indexOf(h.target());
            if (i < 0) {
                remove.add(h.target());
                return;
            }
            seen.set(i);
            Element w = wanted.get(h.target());
            if (!sameExpiry(w, h)) {
                add.add(w);
                wrongExpiry[0]++;
            }
        });
        int before = add.size();
        wanted.forEachNotIn(seen, add::add);
        return new Diff(add, remove, held, add.size() - before, wrongExpiry[0]);
    }

    /** The full diff of the set against the running bans; mends what differs in one transaction. */
    public Result verify(EscalationPolicy policy, RunningBansPort running) {
        Instant now = clock.instant();
        Diff d = diff(policy, running, set, now, lastWanted);
        lastWanted = d.held() - d.remove().size() + d.missing();
        if (!d.add().isEmpty() || !d.remove().isEmpty()) {
            set.apply(d.add(), d.remove());
        }
        lastVerified = now;
        last = new Result("verified", now, after(d, set), d.missing(), d.remove().size(), d.wrongExpiry());
        return last;
    }

    /** Reads the whole set and compares it with the running bans, changing nothing ({@code doctor}). */
    public static Result read(EscalationPolicy policy, RunningBansPort running, BanSetPort set, Instant at) {
        Diff d = diff(policy, running, set, at);
        return new Result("read", at, d.heldPerSet(), d.missing(), d.remove().size(), d.wrongExpiry());
    }

    /** Every set of {@code set} at 0, in its order. */
    private static Map<String, Integer> zeros(BanSetPort set) {
        Map<String, Integer> perSet = new LinkedHashMap<>();
        set.sets().forEach(name -> perSet.put(name, 0));
        return perSet;
    }

    /** What each set holds once a diff's changes are applied. */
    private static Map<String, Integer> after(Diff d, BanSetPort set) {
        Map<String, Integer> perSet = new LinkedHashMap<>(d.heldPerSet());
        d.remove().forEach(p -> perSet.merge(set.setOf(p), -1, Integer::sum));
        int wrongSeen = 0;
        for (Element e : d.add()) {
            // the first wrongExpiry elements of add replace held ones; the rest are new
            if (wrongSeen++ >= d.wrongExpiry()) {
                perSet.merge(set.setOf(e.target()), 1, Integer::sum);
            }
        }
        return perSet;
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
