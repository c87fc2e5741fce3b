package org.saslfail.core.policy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;

/**
 * The rules that turn a strike-1 ban into an offense and an offense into a ban length.
 * Defaults are DESIGN §2's; every field is configurable.
 *
 * @param ladder          ban length of offense n is {@code ladder[min(n, size) - 1]}
 * @param forgetAfter     offenses this old or older no longer count
 * @param history         shared or per-service histories
 * @param ipv6Prefix      IPv6 offenders are counted by this prefix
 * @param subnetThreshold distinct offending addresses of one subnet that make it an offender (0 = off)
 * @param subnetWindow    the window in which those addresses must offend
 * @param ignore          networks never recorded, banned or mailed about
 * @param permanentAfter  the offense number that bans permanently (0 = off)
 * @param strikeOneJails  the fail2ban jails whose bans are strike-1 events, and their service
 * @param knownUsers      what a successful login from an address changes ({@code known_users}, {@code known_user_window})
 */
public record EscalationPolicy(List<Duration> ladder, Duration forgetAfter, HistoryMode history,
                               int ipv6Prefix, int subnetThreshold, Duration subnetWindow,
                               List<IpPrefix> ignore, int permanentAfter,
                               Map<JailName, Service> strikeOneJails, KnownUserRule knownUsers) {

    public static final List<Duration> DEFAULT_LADDER = List.of(Duration.ofHours(48), Duration.ofDays(8), Duration.ofDays(32));
    public static final List<String> DEFAULT_IGNORE = List.of("127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    public static final JailName POSTFIX_JAIL = JailName.strikeOne(Service.POSTFIX);
    public static final JailName DOVECOT_JAIL = JailName.strikeOne(Service.DOVECOT);
    public static final JailName PERMANENT_JAIL = JailName.of("saslfail-permanent");

    public EscalationPolicy {
        ladder = List.copyOf(ladder);
        ignore = List.copyOf(ignore);
        strikeOneJails = Map.copyOf(strikeOneJails);
        java.util.Objects.requireNonNull(knownUsers, "knownUsers");
        if (ladder.isEmpty()) {
            throw new InvalidPolicyException("ladder", "ladder must have at least one step");
        }
        for (Duration step : ladder) {
            if (step.isNegative() || step.isZero()) {
                throw new InvalidPolicyException("ladder", "ladder steps must be positive, got " + org.saslfail.core.model.Durations.format(step));
            }
        }
        if (forgetAfter.isNegative() || forgetAfter.isZero()) {
            throw new InvalidPolicyException("forget_after", "forget_after must be positive");
        }
        if (ipv6Prefix < IpPrefix.WIDEST_V6 || ipv6Prefix > 128) {
            throw new InvalidPolicyException("ipv6_prefix", "ipv6_prefix must be between " + IpPrefix.WIDEST_V6
                    + " and 128, got " + ipv6Prefix);
        }
        if (subnetThreshold < 0 || subnetThreshold == 1) {
            throw new InvalidPolicyException("subnet_threshold", "subnet_threshold must be 0 (off) or at least 2, got " + subnetThreshold);
        }
        if (permanentAfter < 0) {
            throw new InvalidPolicyException("permanent_after", "permanent_after must be 0 (off) or positive, got " + permanentAfter);
        }
        if (strikeOneJails.isEmpty()) {
            throw new InvalidPolicyException("services", "at least one strike-1 jail is needed");
        }
    }

    /** A policy with the default known-user rule (cap, 30 days). */
    public EscalationPolicy(List<Duration> ladder, Duration forgetAfter, HistoryMode history,
                            int ipv6Prefix, int subnetThreshold, Duration subnetWindow,
                            List<IpPrefix> ignore, int permanentAfter, Map<JailName, Service> strikeOneJails) {
        this(ladder, forgetAfter, history, ipv6Prefix, subnetThreshold, subnetWindow, ignore, permanentAfter,
                strikeOneJails, KnownUserRule.defaults());
    }

    /** DESIGN §2's defaults, watching the strike-1 jails of every service. */
    public static EscalationPolicy defaults() {
        return new EscalationPolicy(DEFAULT_LADDER, Duration.ofDays(365), HistoryMode.SHARED, 64, 5,
                Duration.ofHours(24), DEFAULT_IGNORE.stream().map(IpPrefix::parse).toList(), 0,
                strikeOneJails(List.of(Service.values())));
    }

    /**
     * The strike-1 jails of these services ({@link JailName#strikeOne}): the jails the daemon, its
     * intake and the policy built from saslfail.conf all watch.
     */
    public static Map<JailName, Service> strikeOneJails(List<Service> services) {
        Map<JailName, Service> jails = new LinkedHashMap<>();
        for (Service s : services) {
            jails.put(JailName.strikeOne(s), s);
        }
        return jails;
    }

    /**
     * The strike-1 jails replay reads when it is given none: saslfail's own and the common older
     * names of other setups, so that old fail2ban logs seed the history.
     */
    public static Map<JailName, Service> replayStrikeOneJails() {
        Map<JailName, Service> jails = strikeOneJails(List.of(Service.POSTFIX, Service.DOVECOT));
        for (String name : List.of("postfix-sasl", "postfix-sasl-first")) {
            jails.put(JailName.of(name), Service.POSTFIX);
        }
        for (String name : List.of("dovecot", "dovecot-first")) {
            jails.put(JailName.of(name), Service.DOVECOT);
        }
        return jails;
    }

    public EscalationPolicy withLadder(List<Duration> newLadder) {
        return new EscalationPolicy(newLadder, forgetAfter, history, ipv6Prefix, subnetThreshold, subnetWindow,
                ignore, permanentAfter, strikeOneJails, knownUsers);
    }

    public EscalationPolicy withIgnore(List<IpPrefix> newIgnore) {
        return new EscalationPolicy(ladder, forgetAfter, history, ipv6Prefix, subnetThreshold, subnetWindow,
                newIgnore, permanentAfter, strikeOneJails, knownUsers);
    }

    public EscalationPolicy withStrikeOneJails(Map<JailName, Service> jails) {
        return new EscalationPolicy(ladder, forgetAfter, history, ipv6Prefix, subnetThreshold, subnetWindow,
                ignore, permanentAfter, jails, knownUsers);
    }

    public EscalationPolicy withKnownUsers(KnownUserRule rule) {
        return new EscalationPolicy(ladder, forgetAfter, history, ipv6Prefix, subnetThreshold, subnetWindow,
                ignore, permanentAfter, strikeOneJails, rule);
    }

    /**
     * The offender an address counts as: itself for IPv4, its {@code ipv6Prefix} network for IPv6,
     * narrowed to the address itself when that network holds an ignored or own address.
     */
    public IpPrefix offenderOf(IpAddress ip) {
        return scopeOf(ip).offender();
    }

    /**
     * The one rule that no ban ever covers an ignored or own address, applied to an offending
     * address: its offender prefix when that holds no ignored address, else the address alone.
     * (An address that is itself ignored is never banned at all: see {@link #ignoredBy}.)
     */
    public BanScope scopeOf(IpAddress ip) {
        IpPrefix natural = ip.isV4() ? ip.asPrefix() : ip.prefix(ipv6Prefix);
        Optional<IpPrefix> spared = natural.isHost() ? Optional.empty() : sparedBy(natural);
        if (spared.isPresent() && !spared.get().contains(ip)) {
            return new BanScope(ip.asPrefix(), natural, spared.get());
        }
        return new BanScope(natural, natural, null);
    }

    /**
     * Why {@code target} may never be banned, whatever asks (a hand ban, reconcile, a blacklist):
     * it is wider than a command may name ({@link IpPrefix#tooWideToName}: an IPv4 /16, an IPv6 /32), or it overlaps an
     * ignored or own address. Empty when it may be banned.
     */
    public Optional<String> refusal(IpPrefix target) {
        if (target.tooWideToName()) {
            return Optional.of(target + " is wider than /" + (target.isV4() ? IpPrefix.WIDEST_V4 : IpPrefix.WIDEST_V6)
                    + "; saslfail never bans a network that wide");
        }
        return sparedBy(target).map(by -> target + " is on (or overlaps) the ignore list (" + by + "); saslfail never bans it");
    }

    /** The ignore entry that covers {@code ip}, if any. */
    public Optional<IpPrefix> ignoredBy(IpAddress ip) {
        for (IpPrefix p : ignore) {
            if (p.contains(ip)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The first ignore entry (or own address) that overlaps {@code prefix}: why a subnet is never banned. */
    public Optional<IpPrefix> sparedBy(IpPrefix prefix) {
        for (IpPrefix p : ignore) {
            if (p.contains(prefix) || prefix.contains(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The subnet an offender belongs to for subnet escalation: the /24 of an IPv4 address, the /48
     * of an IPv6 offender; empty when subnet escalation is off or the offender is already wider.
     */
    public Optional<IpPrefix> subnetOf(IpPrefix offender) {
        int length = offender.isV4() ? 24 : 48;
        if (subnetThreshold == 0 || offender.length() <= length) {
            return Optional.empty();
        }
        return Optional.of(IpPrefix.of(offender.network(), length));
    }

    /**
     * Whether a running ban is one of saslfail's own (tier, permanent or subnet ban) rather than
     * fail2ban's strike-1 ban of a single offender: those are what a ban set of saslfail's enforces.
     * Never one that {@link #refusal} refuses: a ban set element covers no ignored or own address.
     */
    public boolean ownBan(JailName jail, IpPrefix offender) {
        return (!strikeOneJails.containsKey(jail) || offender.length() < (offender.isV4() ? 32 : ipv6Prefix))
                && refusal(offender).isEmpty();
    }

    /**
     * What decisions about {@code offender} are serialised on: the /24 (IPv4) or /48 (IPv6) holding
     * it, since the subnet rule decides about that network from its offenders' records; a wider
     * offender is its own key.
     */
    public IpPrefix decisionKey(IpPrefix offender) {
        int length = offender.isV4() ? 24 : 48;
        return offender.length() <= length ? offender : IpPrefix.of(offender.network(), length);
    }

    /** The ladder step of offense number {@code number}: the strike it gets. */
    public int strikeOf(int number) {
        return Math.min(number, ladder.size());
    }

    /** How long offense number {@code strike} is banned; empty means permanently. */
    public Optional<Duration> banLength(int strike) {
        if (permanentAfter > 0 && strike >= permanentAfter) {
            return Optional.empty();
        }
        return Optional.of(ladder.get(Math.min(strike, ladder.size()) - 1));
    }

    /** The jail that enforces offense number {@code strike} when it is not the strike-1 jail. */
    public JailName tierJail(int strike) {
        if (permanentAfter > 0 && strike >= permanentAfter) {
            return PERMANENT_JAIL;
        }
        return JailName.tier(Math.min(strike, ladder.size()));
    }

    /** The enforcement-only jails: one per ladder step after the first, plus the permanent one when on. */
    public List<JailName> tierJails() {
        java.util.ArrayList<JailName> jails = new java.util.ArrayList<>();
        for (int k = 2; k <= ladder.size(); k++) {
            jails.add(JailName.tier(k));
        }
        if (permanentAfter > 0) {
            jails.add(PERMANENT_JAIL);
        }
        return List.copyOf(jails);
    }

    public Optional<Service> serviceOf(JailName strikeOneJail) {
        return Optional.ofNullable(strikeOneJails.get(strikeOneJail));
    }
}
