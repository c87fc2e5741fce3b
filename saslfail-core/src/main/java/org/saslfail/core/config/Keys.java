package org.saslfail.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.saslfail.core.model.Durations;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.policy.KnownUsers;

/**
 * Every key saslfail.conf knows, with its default and its check. A key with a {@code null}
 * default is unset unless configured. New features add their keys here, in the same style.
 */
public final class Keys {
    /** One key: its default text and a check that throws IllegalArgumentException on a bad value. */
    public record Key(String name, String defaultValue, Consumer<String> check, String help) {
    }

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+=-]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    static {
        add("database", "/var/lib/saslfail/saslfail.db", Keys::nonEmpty, "SQLite file path, jdbc:sqlite:… or jdbc:postgresql://…");
        add("ladder", "48h, 8d, 32d", v -> durationList(v), "ban length of the 1st, 2nd, … offense");
        add("forget_after", "365d", Durations::parse, "offenses older than this no longer count");
        add("retention", null, Keys::positiveDuration,
                "events and offenses older than this are deleted (default forget_after + 30d; never less than forget_after)");
        add("history", "shared", HistoryMode::parse, "shared or per-service");
        add("ipv6_prefix", "64", v -> intIn(v, 32, 128), "IPv6 offenders are counted by this prefix length");
        add("subnet_threshold", "5", v -> intIn(v, 0, 256), "distinct offenders of one /24 that ban the /24 (0 = off)");
        add("subnet_window", "24h", Durations::parse, "window for subnet_threshold");
        add("ignore", "127.0.0.0/8 ::1 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16", v -> prefixList(v),
                "addresses and networks never recorded, banned or mailed about");
        add("permanent_after", "0", v -> intIn(v, 0, 1000), "the Nth offense bans permanently (0 = off)");
        add("known_users", "cap", KnownUsers::parse,
                "a known user's address (a successful login within known_user_window): cap (strike 1 only), ignore or off");
        add("known_user_window", "30d", Durations::parse, "how long a successful login makes its address (IPv6: its /64) known");
        add("maxretry", "1", v -> intIn(v, 1, 1000), "failures before the strike-1 ban");
        add("findtime", "24h", Durations::parse, "window for maxretry");
        add("services", "postfix,dovecot", v -> serviceList(v), "services to watch");
        add("log.postfix", null, Keys::nonEmpty, "where Postfix logs (detected when absent)");
        add("log.dovecot", null, Keys::nonEmpty, "where Dovecot logs (detected when absent)");
        add("fail2ban.socket", "/var/run/fail2ban/fail2ban.sock", Keys::nonEmpty, "fail2ban's control socket");
        add("fail2ban.db", "/var/lib/fail2ban/fail2ban.sqlite3", Keys::nonEmpty, "fail2ban's own database");
        add("fail2ban.config_dir", "/etc/fail2ban", Keys::nonEmpty, "fail2ban's configuration directory");
        add("fail2ban.max_reply", "32M", Keys::size, "the largest reply accepted from fail2ban's socket (bytes, or with K or M)");
        add("fail2ban.banaction", "nftables-multiport", Keys::nonEmpty, "a set-based fail2ban banaction");
        add("fail2ban.backend", "auto", v -> oneOf(v, List.of("auto", "polling", "pyinotify")),
                "how strike-1 jails read a log file: auto, polling or pyinotify");
        add("fail2ban.banaction_params", null, v -> matches(v, "([a-z][a-z0-9_]{0,31}=[A-Za-z0-9._/:-]{1,128})(\\s+[a-z][a-z0-9_]{0,31}=[A-Za-z0-9._/:-]{1,128})*"),
                "extra banaction parameters, e.g. table=f2b-saslfail");
        add("enforcement", "fail2ban", v -> oneOf(v, List.of("fail2ban", "nftables")),
                "who enforces saslfail's own bans (tiers, subnets, permanent): fail2ban's jails or saslfail's nftables table");
        add("nftables.ports", null, Keys::portList,
                "TCP ports the nftables table closes to banned addresses (default: the enabled services' ports)");
        add("nftables.verify_every", "1h", Durations::parse, "how often the daemon compares the whole nftables set with the store");
        add("nftables.command", "nft", v -> matches(v, "[A-Za-z0-9._/-]+( [A-Za-z0-9._/-]+)*"),
                "the nft program (an argument list, no shell)");
        add("notify.mode", "smart", v -> oneOf(v, List.of("none", "smart", "immediate", "daily", "weekly")),
                "none, smart, immediate, daily or weekly");
        add("notify.to", "root@localhost", Keys::email, "who receives notifications");
        add("notify.from", "saslfail@localhost", Keys::email, "the sender address");
        add("notify.list_limit", "100", v -> intIn(v, 1, 100000),
                "bans a summary lists per section before 'and N more'");
        add("notify.smtp.host", "localhost", Keys::nonEmpty, "SMTP server");
        add("notify.smtp.port", "25", v -> intIn(v, 1, 65535), "SMTP port");
        add("notify.smtp.starttls", "false", v -> oneOf(v, List.of("true", "false")), "use STARTTLS");
        add("notify.smtp.user", null, Keys::nonEmpty, "SMTP user, if the server wants authentication");
        add("notify.smtp.password_file", null, Keys::nonEmpty, "file holding the SMTP password");
        add("notify.sendmail", null, Keys::nonEmpty, "deliver with this sendmail binary instead of SMTP");
        add("database.password_file", null, Keys::absolutePath,
                "file holding the PostgreSQL password (one line; readable by its owner only)");
        add("metrics.port", null, v -> intIn(v, 1, 65535),
                "serve Prometheus metrics at http://metrics.address:PORT/metrics (unset = off)");
        add("metrics.address", "127.0.0.1", v -> oneOf(v, List.of("127.0.0.1", "::1")),
                "the loopback address metrics.port listens on: 127.0.0.1 or ::1");
        add("metrics.textfile", null, v -> matches(v, "/\\S*[^/\\s]\\.prom", "an absolute path ending in .prom"),
                "write Prometheus metrics to this file every 15 s, for node_exporter's textfile collector (unset = off)");
        add("fleet.node", null, v -> matches(v, "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), "this server's name in a shared store");
        add("fleet.scope", "all", v -> oneOf(v, List.of("all", "escalations")),
                "which bans of other fleet nodes this node enforces: all, or escalations (strike 2 and up)");
    }

    private Keys() {
    }

    private static void add(String name, String def, Consumer<String> check, String help) {
        KEYS.put(name, new Key(name, def, check, help));
    }

    public static Map<String, Key> all() {
        return java.util.Collections.unmodifiableMap(KEYS);
    }

    static void nonEmpty(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("value is empty");
        }
    }

    /** A size in bytes: a whole number, optionally with K or M (1024-based), from 1K to 1024M. */
    public static int size(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,7})([KM]?)").matcher(v.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + v + "' (write bytes, or a number with K or M: 32M)");
        }
        long n = Long.parseLong(m.group(1)) << (m.group(2).equals("M") ? 20 : m.group(2).equals("K") ? 10 : 0);
        if (n < 1024 || n > (1L << 30)) {
            throw new IllegalArgumentException(v.strip() + " is out of range 1K..1024M");
        }
        return (int) n;
    }

    static void email(String v) {
        if (!EMAIL.matcher(v).matches()) {
            throw new IllegalArgumentException("not an e-mail address: '" + v + "'");
        }
    }

    static void matches(String v, String regex) {
        if (!v.matches(regex)) {
            throw new IllegalArgumentException("bad value '" + v + "'");
        }
    }

    static void matches(String v, String regex, String expected) {
        if (!v.matches(regex)) {
            throw new IllegalArgumentException("bad value '" + v + "' (expected " + expected + ")");
        }
    }

    static void absolutePath(String v) {
        matches(v, "/\\S+", "an absolute path");
    }

    static int intIn(String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
        }
        return n;
    }

    static void portList(String v) {
        for (String p : v.split(",", -1)) {
            intIn(p.strip(), 1, 65535);
        }
    }

    static void oneOf(String v, List<String> allowed) {
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("'" + v + "' is not one of " + String.join(", ", allowed));
        }
    }

    static List<String> items(String v) {
        return java.util.Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    static List<java.time.Duration> durationList(String v) {
        // comma-separated only, so that "8 days" is reported whole rather than as "8"
        List<java.time.Duration> steps = java.util.Arrays.stream(v.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(Durations::parse).toList();
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("ladder needs at least one duration");
        }
        return steps;
    }

    static List<IpPrefix> prefixList(String v) {
        return items(v).stream().map(IpPrefix::parseLenient).toList();
    }

    static List<Service> serviceList(String v) {
        List<Service> services = items(v).stream().map(Service::parse).distinct().toList();
        if (services.isEmpty()) {
            throw new IllegalArgumentException("name at least one service");
        }
        return services;
    }

    static void positiveDuration(String v) {
        java.time.Duration d = Durations.parse(v);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be longer than 0s, got " + v.strip());
        }
    }
}
