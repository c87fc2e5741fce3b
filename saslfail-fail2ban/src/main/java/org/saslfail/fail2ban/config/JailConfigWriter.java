package org.saslfail.fail2ban.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.saslfail.core.config.ConfigException;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.Fleet;
import org.saslfail.core.model.Service;
import org.saslfail.core.model.Texts;
import org.saslfail.core.policy.EscalationPolicy;

/**
 * Generates saslfail's fail2ban configuration from saslfail.conf (DESIGN §2 "Jails"):
 * {@code jail.d/saslfail.conf} with one strike-1 jail per enabled service, one
 * enforcement-only tier jail per further ladder step and {@code saslfail-permanent} when
 * {@code permanent_after > 0}; the {@code filter.d/saslfail-*.conf} files shipped on the
 * classpath; and {@code action.d/saslfail-nftables.conf}. Every file is written atomically.
 */
public final class JailConfigWriter {
    public static final String JAIL_FILE = "jail.d/saslfail.conf";
    public static final String DUMMY_FILTER = "saslfail-dummy";
    public static final JailName PERMANENT_JAIL = EscalationPolicy.PERMANENT_JAIL;
    /** fail2ban's nftables action with interval sets, so networks can be banned as well as addresses. */
    static final String NFT_ACTION = "saslfail-nftables";
    /**
     * The action of the tier jails under {@code enforcement = nftables}: it does nothing, so the
     * jails only list their bans ({@code fail2ban-client status saslfail-strike2}) while saslfail's
     * own table enforces them.
     */
    public static final String LIST_ACTION = "saslfail-list";
    private static final String RESOURCES = "fail2ban/filter.d/";
    private static final Pattern ACTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern OPTION_KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern OPTION_VALUE = Pattern.compile("[A-Za-z0-9._/:-]{1,128}");

    private final Settings settings;
    private final Map<String, String> banactionOptions;

    public JailConfigWriter(Settings settings) {
        this(settings, configuredOptions(settings));
    }

    /** {@code fail2ban.banaction_params}: space-separated {@code key=value} pairs. */
    private static Map<String, String> configuredOptions(Settings settings) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : settings.get("fail2ban.banaction_params").orElse("").strip().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                options.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return options;
    }

    private JailConfigWriter(Settings settings, Map<String, String> banactionOptions) {
        this.settings = settings;
        this.banactionOptions = Map.copyOf(banactionOptions);
        banaction(); // fail early on a bad value
    }

    /**
     * A writer that passes extra parameters to the banaction, e.g. {@code table=f2b-test} for a
     * test's own nftables table. Keys and values are checked: they land in a config file.
     */
    public JailConfigWriter withBanactionOptions(Map<String, String> options) {
        options.forEach((k, v) -> {
            if (!OPTION_KEY.matcher(k).matches() || !OPTION_VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("bad banaction option " + Texts.quoteShort(k) + "="
                        + Texts.quoteShort(v));
            }
        });
        Map<String, String> merged = new LinkedHashMap<>(banactionOptions);
        merged.putAll(options);
        return new JailConfigWriter(settings, merged);
    }

    /** The jails the configuration defines, strike-1 jails first, then tiers, then the permanent jail. */
    public List<JailSpec> jails() {
        List<Duration> ladder = settings.policy(List.of()).ladder();
        List<JailSpec> jails = new ArrayList<>();
        for (Service s : settings.services()) {
            jails.add(new JailSpec(JailName.of("saslfail-" + s.id()), "saslfail-" + s.id(), Optional.of(s),
                    ladder.get(0).toSeconds()));
        }
        if (settings.get("fleet.node").isPresent()) {
            // the other fleet nodes' strike-1 bans: a jail the intake does not read (never counted here)
            jails.add(new JailSpec(Fleet.REMOTE_STRIKE_ONE_JAIL, DUMMY_FILTER, Optional.empty(), ladder.get(0).toSeconds()));
        }
        for (int k = 2; k <= ladder.size(); k++) {
            jails.add(new JailSpec(JailName.of("saslfail-strike" + k), DUMMY_FILTER, Optional.empty(),
                    ladder.get(k - 1).toSeconds()));
        }
        if (settings.integer("permanent_after") > 0) {
            jails.add(new JailSpec(PERMANENT_JAIL, DUMMY_FILTER, Optional.empty(), -1));
        }
        return jails;
    }

    /**
     * The text of {@code jail.d/saslfail.conf}. Each strike-1 jail reads the log named by
     * {@code log.SERVICE} in the settings, else the one in {@code detected}.
     *
     * @throws ConfigException when an enabled service has no log location
     */
    public String render(Map<Service, LogSource> detected) {
        String ports = ports();
        String ignore = settings.ignore().stream().map(IpPrefix::toString).collect(Collectors.joining(" "));
        StringBuilder sb = new StringBuilder()
                .append("# Written by saslfail from ").append(oneLine(settings.source())).append(".\n")
                .append("# Do not edit: change saslfail.conf and run 'saslfail fail2ban write-config'.\n")
                .append("# Strike-1 jails ban on the first offense; saslfail moves repeat offenders to the\n")
                .append("# enforcement-only tier jails, which never match a log line themselves.\n");
        for (JailSpec jail : jails()) {
            sb.append('\n').append('[').append(jail.name()).append("]\n");
            line(sb, "enabled", "true");
            line(sb, "filter", jail.filter());
            if (jail.strikeOne()) {
                LogSource log = logOf(jail.service().orElseThrow(), detected);
                if (log.isJournal()) {
                    line(sb, "backend", "systemd");
                } else {
                    line(sb, "backend", settings.require("fail2ban.backend"));
                    line(sb, "logpath", log.file().orElseThrow().toString());
                }
                line(sb, "maxretry", String.valueOf(settings.integer("maxretry")));
                line(sb, "findtime", String.valueOf(settings.duration("findtime").toSeconds()));
            } else {
                // a jail needs a log to watch; this one never matches anything
                line(sb, "backend", "polling");
                line(sb, "logpath", "/dev/null");
                line(sb, "maxretry", "1");
            }
            line(sb, "bantime", String.valueOf(jail.bantime()));
            // saslfail does the escalating; fail2ban's own increment would double it
            line(sb, "bantime.increment", "false");
            line(sb, "ignoreip", ignore);
            line(sb, "action", actionOf(jail, ports));
        }
        return sb.toString();
    }

    /**
     * Writes the jail file, the filters and the action into {@code dest} (a fail2ban config
     * dir), each atomically, and returns the files written.
     */
    public List<Path> write(Path dest, Map<Service, LogSource> detected) {
        String jailText = render(detected);
        List<Path> written = new ArrayList<>();
        for (String filter : filters()) {
            String resource = RESOURCES + filter + ".conf";
            try (InputStream in = JailConfigWriter.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("filter " + resource + " is missing from saslfail's jar");
                }
                written.add(writeAtomically(dest.resolve("filter.d").resolve(filter + ".conf"), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
            }
        }
        if (banaction().startsWith("nftables-")) {
            written.add(writeAtomically(dest.resolve("action.d").resolve(NFT_ACTION + ".conf"),
                    NFT_ACTION_TEXT.getBytes(StandardCharsets.UTF_8)));
        }
        if (nftablesEnforces()) {
            written.add(writeAtomically(dest.resolve("action.d").resolve(LIST_ACTION + ".conf"),
                    LIST_ACTION_TEXT.getBytes(StandardCharsets.UTF_8)));
        }
        written.add(writeAtomically(dest.resolve(JAIL_FILE), jailText.getBytes(StandardCharsets.UTF_8)));
        return written;
    }

    private Set<String> filters() {
        Set<String> names = new LinkedHashSet<>();
        for (JailSpec jail : jails()) {
            names.add(jail.filter());
        }
        names.add(DUMMY_FILTER);
        return names;
    }

    private LogSource logOf(Service service, Map<Service, LogSource> detected) {
        String key = "log." + service.id();
        Optional<String> configured = settings.get(key);
        if (configured.isPresent()) {
            try {
                return LogSource.parse(configured.get());
            } catch (IllegalArgumentException e) {
                throw ConfigException.at(settings.source(), 0, key, e.getMessage());
            }
        }
        LogSource found = detected.get(service);
        if (found == null) {
            throw ConfigException.at(settings.source(), 0, key, "no log location for " + service.id()
                    + " was found; set " + key + " to its log file (or 'systemd')");
        }
        return found;
    }

    private String ports() {
        Set<Integer> ports = new LinkedHashSet<>();
        for (Service s : settings.services()) {
            for (int p : s.ports()) {
                ports.add(p);
            }
        }
        return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private String banaction() {
        String value = settings.require("fail2ban.banaction").strip();
        if (!ACTION_NAME.matcher(value).matches()) {
            throw ConfigException.at(settings.source(), 0, "fail2ban.banaction", "not an action name: "
                    + Texts.quoteShort(value) + " (e.g. nftables-multiport)");
        }
        return value;
    }

    /** The action a jail runs: the strike-1 jails always fail2ban's banaction; the tier jails only list under nftables enforcement. */
    public String actionOf(JailSpec jail, String ports) {
        return jail.strikeOne() || !nftablesEnforces() ? action(ports) : LIST_ACTION;
    }

    /** The name fail2ban shows for a jail's action ({@code fail2ban-client get JAIL actions}). */
    public String actionNameOf(JailSpec jail) {
        String banaction = banaction();
        if (!jail.strikeOne() && nftablesEnforces()) {
            return LIST_ACTION;
        }
        return banaction.equals("nftables-multiport") || banaction.equals("nftables-allports") ? NFT_ACTION : banaction;
    }

    private boolean nftablesEnforces() {
        return "nftables".equals(settings.require("enforcement"));
    }

    private String action(String ports) {
        String banaction = banaction();
        List<String> params = new ArrayList<>();
        String name = banaction;
        if (banaction.equals("nftables-multiport") || banaction.equals("nftables-allports")) {
            name = NFT_ACTION;
            params.add("type=" + banaction.substring("nftables-".length()));
        }
        params.add("port=\"" + ports + "\"");
        params.add("protocol=\"tcp\"");
        banactionOptions.forEach((k, v) -> params.add(k + "=\"" + v + "\""));
        return name + "[" + String.join(", ", params) + "]";
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format("%-17s = %s", key, value)).append('\n');
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n%]", "_");
    }

    /** Writes to a temp file beside the target and renames it over the target (mode rw-r--r--). */
    static Path writeAtomically(Path target, byte[] content) {
        return writeAtomically(target, content, "rw-r--r--");
    }

    /**
     * Writes to a temp file with the given mode (e.g. {@code rw-r-----}) beside the target and
     * renames it over the target, so readers see the old or the new file, never a part.
     */
    public static Path writeAtomically(Path target, byte[] content, String mode) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.write(tmp, content);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static final String LIST_ACTION_TEXT = """
            # Written by saslfail (enforcement = nftables). The tier jails keep listing their bans in
            # fail2ban; saslfail's own table, inet saslfail, enforces them. This action does nothing.

            [Definition]
            actionstart =
            actionstop =
            actioncheck =
            actionban =
            actionunban =
            """;

    private static final String NFT_ACTION_TEXT = """
            # Written by saslfail. fail2ban's nftables action, with interval sets so that a network
            # (an IPv6 /64, an escalated IPv4 /24) can be banned as well as a single address.
            # Parameters as for nftables: type = multiport | allports, port, protocol, table, ...

            [INCLUDES]
            before = nftables.conf

            [Definition]
            _nft_add_set = <nftables> add set <table_family> <table> <addr_set> \\{ type <addr_type>\\; flags interval\\; \\}
                          <_nft_for_proto-<type>-iter>
                          <nftables> add rule <table_family> <table> <chain> %(rule_stat)s
                          <_nft_for_proto-<type>-done>
            """;
}
