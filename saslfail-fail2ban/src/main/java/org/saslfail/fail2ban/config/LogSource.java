package org.saslfail.fail2ban.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.saslfail.core.model.Texts;

/**
 * Where a service logs, as a strike-1 jail reads it: a file (fail2ban backend {@code auto}) or
 * the systemd journal (backend {@code systemd}; the filter's {@code journalmatch} selects lines).
 */
public record LogSource(Optional<Path> file) {
    // globs are allowed (fail2ban expands them); whitespace, '%' (interpolation) and newlines are not
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/@+*?\\[\\]-]{1,4000}");

    public LogSource {
        file.ifPresent(p -> {
            if (!SAFE_PATH.matcher(p.toString()).matches()) {
                throw new IllegalArgumentException("log path must be absolute, without spaces, '%' or control "
                        + "characters: " + Texts.quoteShort(p.toString()));
            }
        });
    }

    public static LogSource file(Path path) {
        return new LogSource(Optional.of(path));
    }

    public static LogSource journal() {
        return new LogSource(Optional.empty());
    }

    /** Reads a {@code log.postfix}/{@code log.dovecot} value: {@code systemd} or {@code journal}, else a path. */
    public static LogSource parse(String text) {
        String t = text.strip();
        if (t.equals("systemd") || t.equals("journal")) {
            return journal();
        }
        return file(Path.of(t));
    }

    public boolean isJournal() {
        return file.isEmpty();
    }
}
