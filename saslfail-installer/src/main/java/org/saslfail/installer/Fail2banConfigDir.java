package org.saslfail.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.saslfail.core.model.IpPrefix;

/**
 * A fail2ban configuration directory as fail2ban reads it: {@code jail.conf},
 * {@code jail.d/*.conf}, {@code jail.local}, {@code jail.d/*.local}, later files overriding
 * earlier ones key by key.
 */
public final class Fail2banConfigDir {
    private final Path dir;

    /** One section of one file, with its keys (continuation lines joined) and its line span. */
    record Section(Path file, String name, Map<String, String> values, int firstLine, int lastLine) {
    }

    private Fail2banConfigDir(Path dir) {
        this.dir = dir;
    }

    /** Checks that {@code dir} is a fail2ban configuration directory (fail2ban.conf, jail.conf, filter.d). */
    public static Fail2banConfigDir of(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("fail2ban config dir " + dir + " does not exist (is fail2ban installed? see --config-dir)");
        }
        for (String must : List.of("fail2ban.conf", "jail.conf", "filter.d")) {
            if (!Files.exists(dir.resolve(must))) {
                throw new BadInputException(dir + " is not a fail2ban configuration directory (it has no " + must + ")");
            }
        }
        return new Fail2banConfigDir(dir);
    }

    public Path path() {
        return dir;
    }

    /** The jail files in fail2ban's reading order. */
    List<Path> jailFiles() {
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve("jail.conf"));
        files.addAll(jailD(".conf"));
        files.add(dir.resolve("jail.local"));
        files.addAll(jailD(".local"));
        return files.stream().filter(Files::isRegularFile).toList();
    }

    private List<Path> jailD(String suffix) {
        Path d = dir.resolve("jail.d");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + d + ": " + e.getMessage(), e);
        }
    }

    /** Every section of every jail file, in reading order. */
    List<Section> sections() {
        List<Section> all = new ArrayList<>();
        for (Path f : jailFiles()) {
            all.addAll(sections(f));
        }
        return all;
    }

    static List<Section> sections(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Section> out = new ArrayList<>();
        String name = null;
        Map<String, String> values = null;
        int first = 0;
        String lastKey = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String t = raw.strip();
            if (t.startsWith("[") && t.endsWith("]")) {
                if (name != null) {
                    out.add(new Section(file, name, values, first, lastContent(lines, first, i - 1)));
                }
                name = t.substring(1, t.length() - 1).strip();
                values = new LinkedHashMap<>();
                first = i + 1;
                lastKey = null;
            } else if (name == null || t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            } else if (Character.isWhitespace(raw.charAt(0)) && lastKey != null) {
                values.merge(lastKey, t, (a, b) -> a + "\n" + b);
            } else {
                int eq = t.indexOf('=');
                int colon = t.indexOf(':');
                int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
                if (sep > 0) {
                    lastKey = t.substring(0, sep).strip();
                    values.put(lastKey, t.substring(sep + 1).strip());
                }
            }
        }
        if (name != null) {
            out.add(new Section(file, name, values, first, lastContent(lines, first, lines.size() - 1)));
        }
        return out;
    }

    private static int lastContent(List<String> lines, int first, int last) {
        while (last >= first && lines.get(last).isBlank()) {
            last--;
        }
        return last + 1;
    }

    /** The effective {@code [DEFAULT] ignoreip}, if any file sets it. */
    public Optional<String> defaultIgnoreIp() {
        String value = null;
        for (Section s : sections()) {
            if (s.name().equals("DEFAULT") && s.values().containsKey("ignoreip")) {
                value = s.values().get("ignoreip");
            }
        }
        return Optional.ofNullable(value);
    }

    /**
     * The addresses and networks of fail2ban's {@code [DEFAULT] ignoreip}, as saslfail's ignore
     * list; entries saslfail cannot use (host names, interpolations, files) are listed in
     * {@code skipped}.
     */
    public List<IpPrefix> inheritedIgnore(List<String> skipped) {
        List<IpPrefix> out = new ArrayList<>();
        for (String token : defaultIgnoreIp().orElse("").split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            try {
                out.add(IpPrefix.parseLenient(token));
            } catch (RuntimeException e) {
                skipped.add(token);
            }
        }
        return out;
    }
}
