package org.saslfail.installer;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.Clock;
import org.saslfail.core.port.out.FindBanSetPort;
import org.saslfail.fail2ban.logs.LogLocator;

/** The installer's entry point: an installer or uninstaller that reports its steps to {@code out}. */
public final class Installers {
    private final LogLocator logs;
    private final Clock clock;
    private final FindBanSetPort banSets;

    @Inject
    Installers(LogLocator logs, Clock clock, FindBanSetPort banSets) {
        this.logs = logs;
        this.clock = clock;
        this.banSets = banSets;
    }

    /** Installs or upgrades (the bash original too, when the request asks). */
    public Installer installer(PrintWriter out) {
        return new Installer(logs, clock, out);
    }

    /** Removes saslfail from fail2ban. */
    public Uninstaller uninstaller(PrintWriter out) {
        return new Uninstaller(clock, out, banSets);
    }
}
