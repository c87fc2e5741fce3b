package org.saslfail.core.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.saslfail.core.model.Durations;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.policy.KnownUserRule;
import org.saslfail.core.policy.KnownUsers;

/**
 * The validated contents of saslfail.conf (or the built-in defaults). Every value here passed
 * its key's check, so the typed getters cannot fail.
 */
public final class Settings {
    private final Map<String, String> values;
    private final String source;

    Settings(Map<String, String> values, String source) {
        this.values = Map.copyOf(values);
        this.source = source;
    }

    /** The built-in defaults, used when no config file exists. */
    public static Settings defaults() {
        return new Settings(Map.of(), "built-in defaults");
    }

    /** Where these settings came from (a file path or "built-in defaults"). */
    public String source() {
        return source;
    }

    /** The value of a key, or its default; empty when neither is set. */
    public Optional<String> get(String key) {
        Keys.Key k = Keys.all().get(key);
        if (k == null) {
            throw new IllegalArgumentException("unknown config key " + key);
        }
        return Optional.ofNullable(values.getOrDefault(key, k.defaultValue()));
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new ConfigException(source + ": key '" + key + "' is not set"));
    }

    /** A copy with one value replaced (checked like a file value); for command-line overrides. */
    public Settings with(String key, String value) {
        Keys.Key k = Keys.all().get(key);
        if (k == null) {
            throw new IllegalArgumentException("unknown config key " + key);
        }
        try {
            k.check().accept(value);
        } catch (IllegalArgumentException e) {
            throw ConfigException.at(source, 0, key, e.getMessage());
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Settings(copy, source);
    }

    public Duration duration(String key) {
        return Durations.parse(require(key));
    }

    public int integer(String key) {
        return Integer.parseInt(require(key).trim());
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(require(key));
    }

    public List<Service> services() {
        return Keys.serviceList(require("services"));
    }

    /** The TCP ports saslfail's own nftables table closes: {@code nftables.ports}, else every enabled service's ports. */
    public List<Integer> nftablesPorts() {
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        Optional<String> configured = get("nftables.ports");
        if (configured.isPresent()) {
            for (String p : configured.get().split(",")) {
                ports.add(Integer.parseInt(p.strip()));
            }
        } else {
            services().forEach(svc -> java.util.Arrays.stream(svc.ports()).forEach(ports::add));
        }
        return List.copyOf(ports);
    }

    /** The strike-1 jails of the configured services: what the policy, the daemon and its intake watch. */
    public Map<JailName, Service> strikeOneJails() {
        return EscalationPolicy.strikeOneJails(services());
    }

    public List<IpPrefix> ignore() {
        return Keys.prefixList(require("ignore"));
    }

    /** How long the store keeps events and offenses: {@code retention}, by default a little over forget_after. */
    public java.time.Duration retention() {
        return get("retention").map(org.saslfail.core.model.Durations::parse)
                .orElse(duration("forget_after").plus(org.saslfail.core.policy.Retention.DEFAULT_MARGIN));
    }

    /** The escalation policy these settings describe; {@code ownAddresses} join the ignore list. */
    public EscalationPolicy policy(List<IpPrefix> ownAddresses) {
        List<IpPrefix> ignore = new java.util.ArrayList<>(ignore());
        ignore.addAll(ownAddresses);
        return new EscalationPolicy(Keys.durationList(require("ladder")), duration("forget_after"),
                HistoryMode.parse(require("history")), integer("ipv6_prefix"), integer("subnet_threshold"),
                duration("subnet_window"), ignore, integer("permanent_after"), strikeOneJails(),
                new KnownUserRule(KnownUsers.parse(require("known_users")), duration("known_user_window")));
    }

    /** This node in a fleet sharing one store, when {@code fleet.node} is set. */
    public Optional<org.saslfail.core.policy.Fleet> fleet() {
        return get("fleet.node").map(n -> new org.saslfail.core.policy.Fleet(n,
                org.saslfail.core.policy.Fleet.Scope.parse(require("fleet.scope"))));
    }
}
