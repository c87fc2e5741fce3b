package org.saslfail.fail2ban.nft;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.port.out.BanSetException;
import org.saslfail.core.port.out.BanSetPort;

/**
 * saslfail's ban sets in nftables: table {@code inet saslfail} with four sets and one input
 * chain that drops TCP traffic from them to the watched ports.
 *
 * <ul>
 * <li>{@code addr4}: IPv4 addresses (hash set); {@code net4}: IPv4 subnets (interval set);</li>
 * <li>{@code addr6}: IPv6 offenders, i.e. their /64 by default (interval set); {@code net6}: IPv6
 *     subnets wider than an offender (interval set, so a /48 and its /64s never overlap in one set).</li>
 * </ul>
 *
 * Every element carries its own timeout (the kernel ends it on time, saslfail running or not);
 * a permanent ban has none. Each call is one {@code nft -f -} transaction. A batch nft refuses
 * as a whole (an interval overlapping one already held, which nftables does not allow) is split
 * in halves until the refused element stands alone; the rest is applied and the refusal reported.
 */
public final class NftablesBanSet implements BanSetPort {
    /** The table saslfail owns; nothing else is ever touched. */
    public static final String TABLE = "inet saslfail";
    /** Before the usual filter chains (0); fail2ban's own chain uses the same -1. A drop is final wherever it happens. */
    public static final int PRIORITY = -1;
    /** Holds one element, a random token each {@link #replace} writes: the table's generation. */
    static final String GENERATION_SET = "generation";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    /** The four sets, by what they hold. */
    enum Kind {
        ADDR4("addr4", "ipv4_addr", "ip", false), NET4("net4", "ipv4_addr", "ip", true),
        ADDR6("addr6", "ipv6_addr", "ip6", true), NET6("net6", "ipv6_addr", "ip6", true);

        private final String set;
        private final String type;
        private final String family;
        private final boolean interval;

        Kind(String set, String type, String family, boolean interval) {
            this.set = set;
            this.type = type;
            this.family = family;
            this.interval = interval;
        }

        public String set() {
            return set;
        }
    }

    private final Nft nft;
    private final Clock clock;
    private final int ipv6Prefix;
    private final List<Integer> ports;

    /**
     * @param command    how to run nft ({@code [nft]}; tests prefix {@code ip netns exec NAME})
     * @param ipv6Prefix the prefix length of an IPv6 offender: shorter IPv6 prefixes are subnets
     * @param ports      the TCP ports the chain closes to banned addresses
     */
    public NftablesBanSet(List<String> command, Clock clock, int ipv6Prefix, List<Integer> ports) {
        if (ports.isEmpty() || ports.stream().anyMatch(p -> p < 1 || p > 65535)) {
            throw new IllegalArgumentException("ports must be 1-65535, got " + ports);
        }
        this.nft = new Nft(command);
        this.clock = clock;
        this.ipv6Prefix = ipv6Prefix;
        this.ports = List.copyOf(ports);
    }

    /** The table as saslfail.conf describes it ({@code nftables.command}, {@code ipv6_prefix}, {@code nftables.ports}). */
    public static NftablesBanSet of(Settings settings, Clock clock) {
        return new NftablesBanSet(List.of(settings.require("nftables.command").split(" ")), clock,
                settings.integer("ipv6_prefix"), settings.nftablesPorts());
    }

    @Override
    public String location() {
        return "table " + TABLE;
    }

    @Override
    public List<String> sets() {
        return java.util.Arrays.stream(Kind.values()).map(Kind::set).toList();
    }

    @Override
    public String setOf(IpPrefix target) {
        return kindOf(target).set;
    }

    /** The set that holds {@code target}. */
    Kind kindOf(IpPrefix target) {
        if (target.isV4()) {
            return target.isHost() ? Kind.ADDR4 : Kind.NET4;
        }
        return target.length() >= ipv6Prefix ? Kind.ADDR6 : Kind.NET6;
    }

    /** The whole table, empty: what {@link #replace} creates. */
    String tableScript() {
        String portSet = ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
        StringBuilder s = new StringBuilder("table ").append(TABLE).append(" {\n");
        for (Kind k : Kind.values()) {
            s.append("  set ").append(k.set).append(" { type ").append(k.type).append("; flags ")
                    .append(k.interval ? "interval, timeout" : "timeout").append("; }\n");
        }
        s.append("  set ").append(GENERATION_SET).append(" { type ipv4_addr; }\n");
        s.append("  chain input {\n    type filter hook input priority ").append(PRIORITY).append("; policy accept;\n");
        for (Kind k : Kind.values()) {
            s.append("    tcp dport { ").append(portSet).append(" } ").append(k.family).append(" saddr @")
                    .append(k.set).append(" counter drop\n");
        }
        return s.append("  }\n}\n").toString();
    }

    @Override
    public void apply(List<Element> add, List<IpPrefix> remove) {
        List<Element> live = live(add);
        if (live.isEmpty() && remove.isEmpty()) {
            return;
        }
        try {
            nft.run(changeScript(live, remove));
        } catch (BanSetException e) {
            if (live.size() + remove.size() <= 1 || !exists()) {
                throw e;
            }
            List<String> refused = new ArrayList<>();
            bisect(live, remove, refused);
            if (!refused.isEmpty()) {
                throw new BanSetException("nft refused " + String.join(", ", refused) + "; the rest was applied");
            }
        }
    }

    /** Applies halves separately until each refused element stands alone. */
    private void bisect(List<Element> add, List<IpPrefix> remove, List<String> refused) {
        if (add.size() + remove.size() == 1) {
            try {
                nft.run(changeScript(add, remove));
            } catch (BanSetException e) {
                refused.add((add.isEmpty() ? remove.get(0) : add.get(0).target()) + " (" + e.getMessage() + ")");
            }
            return;
        }
        List<Element> addA = add.subList(0, add.size() / 2);
        List<Element> addB = add.subList(add.size() / 2, add.size());
        List<IpPrefix> removeA = remove.subList(0, remove.size() / 2);
        List<IpPrefix> removeB = remove.subList(remove.size() / 2, remove.size());
        for (int half = 0; half < 2; half++) {
            List<Element> a = half == 0 ? addA : addB;
            List<IpPrefix> r = half == 0 ? removeA : removeB;
            if (a.isEmpty() && r.isEmpty()) {
                continue;
            }
            try {
                nft.run(changeScript(a, r));
            } catch (BanSetException e) {
                bisect(a, r, refused);
            }
        }
    }

    /**
     * One transaction that removes {@code remove} and (re)adds {@code add} with its timeouts.
     * nftables refuses to delete what a set does not hold and keeps the old timeout of an element
     * added again, so every target is first added bare (a no-op when held), then deleted, then
     * the ones to keep are added with their timeouts.
     */
    String changeScript(List<Element> add, List<IpPrefix> remove) {
        Instant now = clock.instant();
        Map<Kind, List<String>> bare = new EnumMap<>(Kind.class);
        Map<Kind, List<String>> timed = new EnumMap<>(Kind.class);
        for (IpPrefix r : remove) {
            bare.computeIfAbsent(kindOf(r), k -> new ArrayList<>()).add(r.toString());
        }
        for (Element e : add) {
            bare.computeIfAbsent(kindOf(e.target()), k -> new ArrayList<>()).add(e.target().toString());
            timed.computeIfAbsent(kindOf(e.target()), k -> new ArrayList<>()).add(element(e, now));
        }
        StringBuilder s = new StringBuilder(64 + 48 * (add.size() * 2 + remove.size()));
        statements(s, "add", bare);
        statements(s, "delete", bare);
        statements(s, "add", timed);
        return s.toString();
    }

    private static void statements(StringBuilder s, String verb, Map<Kind, List<String>> byKind) {
        byKind.forEach((k, items) -> {
            s.append(verb).append(" element ").append(TABLE).append(' ').append(k.set).append(" { ");
            for (int i = 0; i < items.size(); i++) {
                s.append(i == 0 ? "" : ",\n").append(items.get(i));
            }
            s.append(" }\n");
        });
    }

    /** {@code target} or {@code target timeout Nms}; the caller dropped elements that already ended. */
    private static String element(Element e, Instant now) {
        return e.permanent() ? e.target().toString()
                : e.target() + " timeout " + nftDuration(Duration.between(now, e.expiresAt()));
    }

    /** nft's duration format ({@code 7d23h59m59s932ms}): a plain count of milliseconds over about 24 days is "too large" for it. */
    static String nftDuration(Duration d) {
        StringBuilder s = new StringBuilder();
        long[] parts = {d.toDaysPart(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart()};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] > 0) {
                s.append(parts[i]).append(units[i]);
            }
        }
        return s.length() == 0 ? "1ms" : s.toString();
    }

    private List<Element> live(List<Element> add) {
        Instant now = clock.instant();
        return add.stream().filter(e -> e.permanent() || Duration.between(now, e.expiresAt()).toMillis() > 0).toList();
    }

    @Override
    public String replace(Elements elements) {
        Instant now = clock.instant();
        String token = IpAddress.ofV4(2 + (RANDOM.nextLong() & 0xFFFFFFFDL)).toString();
        nft.run(out -> {
            // create-then-delete makes the delete safe when the table is absent; all of it is one transaction
            out.write("table " + TABLE + " {}\ndelete table " + TABLE + "\n");
            out.write(tableScript());
            out.write("add element " + TABLE + " " + GENERATION_SET + " { " + token + " }\n");
            for (Kind k : Kind.values()) {
                boolean[] first = {true};
                IOException[] failed = {null};
                elements.forEach(e -> {
                    if (failed[0] != null || kindOf(e.target()) != k
                            || !e.permanent() && Duration.between(now, e.expiresAt()).toMillis() <= 0) {
                        return;
                    }
                    try {
                        out.write(first[0] ? "add element " + TABLE + " " + k.set + " { " : ",\n");
                        out.write(element(e, now));
                        first[0] = false;
                    } catch (IOException x) {
                        failed[0] = x;
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
                if (!first[0]) {
                    out.write(" }\n");
                }
            }
        });
        return token;
    }

    @Override
    public void forEachElement(Consumer<Element> sink) {
        if (!exists()) {
            return;
        }
        for (Kind k : Kind.values()) {
            ListingReader reader = new ListingReader(clock.instant(), sink);
            nft.readLines(reader, "list", "set", "inet", "saslfail", k.set);
        }
    }

    /** How many elements each set holds (a full read of the sets; for tests). */
    Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            counts.put(k, 0);
        }
        forEachElement(e -> counts.merge(kindOf(e.target()), 1, Integer::sum));
        return counts;
    }

    /**
     * Reads the {@code elements = { … }} of {@code nft list set} line by line: items
     * {@code ADDR [timeout T] [expires E]}, comma separated; nft breaks lines only after a comma.
     */
    static final class ListingReader implements Consumer<String> {
        private final Instant now;
        private final Consumer<Element> sink;
        private boolean inside;
        private boolean done;

        ListingReader(Instant now, Consumer<Element> sink) {
            this.now = now;
            this.sink = sink;
        }

        @Override
        public void accept(String line) {
            if (done) {
                return;
            }
            String body = line;
            if (!inside) {
                int at = line.indexOf("elements = {");
                if (at < 0) {
                    return;
                }
                inside = true;
                body = line.substring(at + "elements = {".length());
            }
            int end = body.indexOf('}');
            if (end >= 0) {
                body = body.substring(0, end);
                done = true;
            }
            for (String item : body.split(",")) {
                item(item.strip());
            }
        }

        private void item(String item) {
            if (item.isEmpty()) {
                return;
            }
            String[] words = item.split("\\s+");
            IpPrefix target;
            try {
                target = IpPrefix.parseLenient(words[0]);
            } catch (IllegalArgumentException e) {
                return; // a range someone added by hand: not one of saslfail's elements
            }
            Instant expires = null;
            for (int i = 1; i + 1 < words.length; i += 2) {
                if (words[i].equals("expires")) {
                    expires = now.plus(duration(words[i + 1]));
                }
            }
            sink.accept(new Element(target, expires));
        }
    }

    /** nft's own duration format, e.g. {@code 7d23h59m59s932ms}. */
    static Duration duration(String text) {
        Matcher m = DURATION_PART.matcher(text);
        Duration d = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            at = m.end();
        }
        if (at != text.length() || at == 0) {
            throw new BanSetException("nft printed a duration saslfail cannot read: " + text);
        }
        return d;
    }

    /**
     * A check-mode transaction ({@code nft -c}: the kernel runs it and rolls it back) that deletes
     * the generation element: it succeeds only while the table holds it. Every listing command of
     * nft 1.0 reads every element first (13-19 s at 500,000 here); this reads none (20 ms).
     */
    @Override
    public boolean holds(String generation) {
        if (generation == null || !IpAddress.isValid(generation)) {
            return false;
        }
        return check("delete element " + TABLE + " " + GENERATION_SET + " { " + IpAddress.parse(generation) + " }\n");
    }

    @Override
    public boolean exists() {
        return check("add element " + TABLE + " " + GENERATION_SET + " { 0.0.0.1 }\n");
    }

    private boolean check(String script) {
        try {
            nft.check(script);
            return true;
        } catch (BanSetException e) {
            if (e.getMessage().startsWith("cannot run")) {
                throw e;
            }
            return false;
        }
    }

    @Override
    public void drop() {
        nft.run("table " + TABLE + " {}\ndelete table " + TABLE + "\n");
    }
}
