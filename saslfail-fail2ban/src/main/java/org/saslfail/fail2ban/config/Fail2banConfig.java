package org.saslfail.fail2ban.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.Service;
import org.saslfail.fail2ban.logs.LogLocator;

/**
 * The fail2ban configuration files saslfail owns, for tools that write them (the CLI's
 * {@code fail2ban write-config}, a provisioning tool): the documented entry point to this package.
 */
public final class Fail2banConfig {
    private Fail2banConfig() {
    }

    /**
     * Writes saslfail's jails, filters and actions for {@code settings} into the fail2ban configuration
     * directory {@code dir}; a service without a {@code log.SERVICE} setting reads the log found on
     * this machine. Returns the files written.
     */
    public static List<Path> write(Settings settings, Path dir) {
        Map<Service, LogSource> found = new EnumMap<>(Service.class);
        LogLocator locator = LogLocator.forThisMachine();
        for (Service service : Service.values()) {
            locator.locate(service).ifPresent(l -> found.put(service, l));
        }
        return new JailConfigWriter(settings).write(dir, found);
    }

    /** The jails saslfail's configuration for {@code settings} defines: strike-1 jails first, then the tiers. */
    public static List<JailSpec> jails(Settings settings) {
        return new JailConfigWriter(settings).jails();
    }

    /** The name fail2ban shows for {@code jail}'s action ({@code fail2ban-client get JAIL actions}) under {@code settings}. */
    public static String actionName(Settings settings, JailSpec jail) {
        return new JailConfigWriter(settings).actionNameOf(jail);
    }

    /**
     * Checks a {@code log.SERVICE} value (a file path or {@code journal}).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkLogSource(String value) {
        LogSource.parse(value);
    }

    /** Writes {@code content} to {@code target} all at once (a temporary file renamed over it), with the POSIX {@code mode}. */
    public static Path writeAtomically(Path target, byte[] content, String mode) {
        return JailConfigWriter.writeAtomically(target, content, mode);
    }
}
