package org.saslfail.fail2ban.logs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.saslfail.core.model.Texts;

/**
 * Where a strike-1 jail reads its service's log: a file ({@code backend = polling} with a {@code logpath})
 * or the systemd journal ({@code backend = systemd} with a {@code journalmatch}). Exactly one of
 * {@code logpath} and {@code journalmatch} is non-empty.
 */
public record JailLogSource(String backend, String logpath, String journalmatch) {

    public static final String POLLING = "polling";
    public static final String SYSTEMD = "systemd";

    public JailLogSource {
        if (POLLING.equals(backend)) {
            requireClean("logpath", logpath, false);
            requireClean("journalmatch", journalmatch, true);
            if (!logpath.startsWith("/")) {
                throw new IllegalArgumentException("logpath must be absolute: " + logpath);
            }
        } else if (SYSTEMD.equals(backend)) {
            requireClean("logpath", logpath, true);
            requireClean("journalmatch", journalmatch, false);
        } else {
            throw new IllegalArgumentException("backend must be polling or systemd, not " + backend);
        }
    }

    /** A plain log file watched by polling. */
    public static JailLogSource file(String path) {
        return new JailLogSource(POLLING, path, "");
    }

    /** The systemd journal, filtered by a journalctl-style match. */
    public static JailLogSource journal(String journalmatch) {
        return new JailLogSource(SYSTEMD, "", journalmatch);
    }

    /** The jail options this source sets, in jail-file order (backend first), empty values left out. */
    public Map<String, String> jailOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("backend", backend);
        if (!logpath.isEmpty()) {
            options.put("logpath", logpath);
        }
        if (!journalmatch.isEmpty()) {
            options.put("journalmatch", journalmatch);
        }
        return options;
    }

    // values end up in a jail file: a line break or a blank where one is required would corrupt it
    private static void requireClean(String name, String value, boolean mustBeEmpty) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (mustBeEmpty != value.isEmpty()) {
            throw new IllegalArgumentException(name + (mustBeEmpty ? " must be empty" : " must not be empty")
                    + " for this backend: " + Texts.quoteShort(value));
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(name + " contains a control character: "
                    + Texts.quoteShort(value));
        }
    }
}
