package org.saslfail.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.saslfail.core.config.Keys;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;

/**
 * The bash original as found on this machine (DESIGN §3): its jails
 * ({@code postfix-sasl-first|second|third}, {@code dovecot-first|second|third}), the filters and
 * actions only they use, {@code ban-tracker.sh}, its history file and its cron lines.
 */
public final class LegacyInstall {
    public static final List<String> JAILS = List.of("postfix-sasl-first", "postfix-sasl-second", "postfix-sasl-third",
            "dovecot-first", "dovecot-second", "dovecot-third");
    private static final String SCRIPT = "ban-tracker.sh";
    private static final Pattern ADDRESS_VAR = Pattern.compile(
            "^\\s*(?:export\\s+)?[A-Z_]*(?:EMAIL|MAILTO|MAIL_TO|RECIPIENT|NOTIFY_TO|ADMIN)[A-Z_]*=[\"']?([^\"'\\s#;]+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Fail2banConfigDir config;
    private final List<Fail2banConfigDir.Section> jails;
    private final Optional<Path> script;
    private final Optional<Path> history;
    private final Map<Path, List<String>> cronLines;

    private LegacyInstall(Fail2banConfigDir config, List<Fail2banConfigDir.Section> jails, Optional<Path> script,
                          Optional<Path> history, Map<Path, List<String>> cronLines) {
        this.config = config;
        this.jails = jails;
        this.script = script;
        this.history = history;
        this.cronLines = cronLines;
    }

    /** Looks for the bash original; empty when none of its parts is present. */
    public static Optional<LegacyInstall> detect(Fail2banConfigDir config, InstallRequest.LegacyProbe probe) {
        List<Fail2banConfigDir.Section> jails = config.sections().stream()
                .filter(s -> JAILS.contains(s.name())).toList();
        Map<Path, List<String>> cron = new LinkedHashMap<>();
        for (Path f : cronFiles(probe.cronDirs())) {
            List<String> hits = readLines(f).stream().filter(LegacyInstall::isCronLine).toList();
            if (!hits.isEmpty()) {
                cron.put(f, hits);
            }
        }
        Optional<Path> script = probe.scripts().stream().filter(Files::isRegularFile).findFirst();
        if (script.isEmpty()) {
            // the cron line names where the script really is
            Pattern p = Pattern.compile("(/\\S*" + Pattern.quote(SCRIPT) + ")");
            script = cron.values().stream().flatMap(List::stream).map(p::matcher).filter(Matcher::find)
                    .map(m -> Path.of(m.group(1))).filter(Files::isRegularFile).findFirst();
        }
        Optional<Path> history = Optional.of(probe.history()).filter(Files::isRegularFile);
        if (jails.isEmpty() && script.isEmpty() && cron.isEmpty() && history.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LegacyInstall(config, jails, script, history, cron));
    }

    private static boolean isCronLine(String line) {
        String t = line.strip();
        return !t.startsWith("#") && t.contains(SCRIPT);
    }

    private static List<Path> cronFiles(List<Path> dirs) {
        List<Path> files = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.isRegularFile(d)) {
                files.add(d);
            } else if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + d + ": " + e.getMessage(), e);
                }
            }
        }
        return files;
    }

    public Optional<Path> history() {
        return history;
    }

    public Optional<Path> script() {
        return script;
    }

    /** The legacy jails defined in the configuration. */
    public List<JailName> jails() {
        return jails.stream().map(s -> JailName.of(s.name())).distinct().toList();
    }

    public Map<Path, List<String>> cronLines() {
        return cronLines;
    }

    /** Where the original sent its mail: the first e-mail address assigned in ban-tracker.sh. */
    public Optional<String> notificationAddress() {
        if (script.isEmpty()) {
            return Optional.empty();
        }
        for (String line : readLines(script.get())) {
            Matcher m = ADDRESS_VAR.matcher(line);
            if (m.find()) {
                try {
                    Keys.all().get("notify.to").check().accept(m.group(1));
                    return Optional.of(m.group(1));
                } catch (IllegalArgumentException notAnAddress) {
                    // e.g. ADMIN_NAME=...; keep looking
                }
            }
        }
        return Optional.empty();
    }

    /** The union of the legacy jails' {@code ignoreip} entries that are addresses or networks. */
    public List<IpPrefix> ignore() {
        Set<IpPrefix> out = new LinkedHashSet<>();
        for (Fail2banConfigDir.Section s : jails) {
            for (String t : s.values().getOrDefault("ignoreip", "").split("[,\\s]+")) {
                try {
                    if (!t.isEmpty()) {
                        out.add(IpPrefix.parseLenient(t));
                    }
                } catch (RuntimeException skipped) {
                    // a host name or interpolation: not carried over
                }
            }
        }
        return List.copyOf(out);
    }

    /** The log its first-strike jail of {@code service} read, when it names one file. */
    public Optional<String> logOf(org.saslfail.core.model.Service service) {
        String jail = service == Service.POSTFIX ? "postfix-sasl-first" : "dovecot-first";
        return jails.stream().filter(s -> s.name().equals(jail)).map(s -> s.values().getOrDefault("logpath", "").strip())
                .filter(v -> v.startsWith("/") && !v.contains("\n") && !v.contains(" ") && !v.contains("%")).findFirst();
    }

    /** The service and tier (1..3) of a legacy jail name. */
    static Service serviceOf(JailName jail) {
        return jail.value().startsWith("postfix") ? Service.POSTFIX : Service.DOVECOT;
    }

    static int tierOf(JailName jail) {
        String v = jail.value();
        return v.endsWith("first") ? 1 : v.endsWith("second") ? 2 : 3;
    }

    /**
     * Removes the legacy jails from their files (a file left with nothing else is deleted), the
     * filters and actions that only they used and that fail2ban does not ship, and the cron
     * lines. Returns a line per change.
     */
    public List<String> remove(Set<String> packagedFiles) {
        List<String> done = new ArrayList<>();
        Set<String> filters = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
        Map<Path, List<Fail2banConfigDir.Section>> byFile = new LinkedHashMap<>();
        for (Fail2banConfigDir.Section s : jails) {
            byFile.computeIfAbsent(s.file(), f -> new ArrayList<>()).add(s);
            names(s.values().get("filter"), filters);
            names(s.values().get("action"), actions);
        }
        for (Map.Entry<Path, List<Fail2banConfigDir.Section>> e : byFile.entrySet()) {
            Path file = e.getKey();
            List<Fail2banConfigDir.Section> all = Fail2banConfigDir.sections(file);
            boolean onlyLegacy = all.stream().allMatch(s -> JAILS.contains(s.name()) || s.name().equals("INCLUDES"));
            try {
                if (onlyLegacy) {
                    Files.delete(file);
                    done.add("removed " + file);
                } else {
                    List<String> lines = new ArrayList<>(readLines(file));
                    List<Fail2banConfigDir.Section> spans = new ArrayList<>(e.getValue());
                    spans.sort((a, b) -> Integer.compare(b.firstLine(), a.firstLine()));
                    for (Fail2banConfigDir.Section s : spans) {
                        lines.subList(s.firstLine() - 1, s.lastLine()).clear();
                    }
                    Files.write(file, lines, StandardCharsets.UTF_8);
                    done.add("removed jails " + e.getValue().stream().map(Fail2banConfigDir.Section::name).toList()
                            + " from " + file);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot edit " + file + ": " + ex.getMessage(), ex);
            }
        }
        // a filter or action another jail still names, or that fail2ban ships, stays
        String remaining = config.sections().stream().filter(s -> !JAILS.contains(s.name()))
                .map(s -> s.values().getOrDefault("filter", "") + " " + s.values().getOrDefault("action", "")
                        + " " + s.values().getOrDefault("banaction", ""))
                .reduce("", String::concat);
        for (String kind : List.of("filter.d", "action.d")) {
            for (String name : kind.equals("filter.d") ? filters : actions) {
                if (Pattern.compile("(^|[\\s\\[=,])" + Pattern.quote(name) + "([\\s\\[,]|$)").matcher(remaining).find()) {
                    continue;
                }
                for (String ext : List.of(".conf", ".local")) {
                    String rel = kind + "/" + name + ext;
                    Path f = config.path().resolve(rel);
                    // without dpkg's list, only files that name the original are known to be its own
                    if (Files.isRegularFile(f) && !packagedFiles.contains(rel)
                            && (!packagedFiles.isEmpty() || String.join("\n", readLines(f)).contains(SCRIPT))) {
                        delete(f);
                        done.add("removed " + f);
                    }
                }
            }
        }
        for (Map.Entry<Path, List<String>> e : cronLines.entrySet()) {
            List<String> kept = readLines(e.getKey()).stream().filter(l -> !isCronLine(l)).toList();
            try {
                Files.write(e.getKey(), kept, StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot edit " + e.getKey() + ": " + ex.getMessage(), ex);
            }
            done.add("removed " + e.getValue().size() + " cron line(s) from " + e.getKey());
        }
        return done;
    }

    /** The action or filter names in a jail value such as {@code name[opt=x]} lines; interpolations skipped. */
    private static void names(String value, Set<String> into) {
        if (value == null) {
            return;
        }
        for (String line : value.split("\n")) {
            String n = line.strip();
            int bracket = n.indexOf('[');
            if (bracket >= 0) {
                n = n.substring(0, bracket).strip();
            }
            if (NAME.matcher(n).matches()) {
                into.add(n);
            }
        }
    }

    /** The files under /etc/fail2ban that the fail2ban package ships, relative ("filter.d/sshd.conf"). */
    static Set<String> packagedFail2banFiles() {
        Processes.Run r = Processes.run(List.of("dpkg-query", "-L", "fail2ban"));
        Set<String> out = new LinkedHashSet<>();
        if (r.code() == 0) {
            for (String line : r.output().split("\n")) {
                if (line.startsWith("/etc/fail2ban/")) {
                    out.add(line.substring("/etc/fail2ban/".length()));
                }
            }
        }
        return out;
    }

    private static void delete(Path f) {
        try {
            Files.delete(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + f + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
