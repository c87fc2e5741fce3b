package org.saslfail.installer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.IpPrefix;

/**
 * The questions of the interactive install, one per line on a terminal. Each answer is checked
 * as its saslfail.conf key would check it and asked again when wrong; Enter takes the default
 * shown in brackets. Questions whose answer was given as a flag are not asked.
 */
public final class Wizard {
    private static final int TRIES = 3;

    private final BufferedReader in;
    private final PrintWriter out;

    public Wizard(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Fills {@code values} (saslfail.conf keys) with the answers; returns whether to upgrade the
     * bash original (only asked when one was found) and false when the administrator declined.
     */
    public Answers ask(InstallRequest r, Map<String, String> values, Optional<LegacyInstall> legacy,
                       Installer.Preflight preflight) {
        Settings existing = Installer.existingSettings(r.saslfailConfig());
        out.println("saslfail install: escalating fail2ban bans for SMTP AUTH brute force.");
        out.println("fail2ban configuration: " + r.configDir() + " (backed up before anything changes)");
        out.println();
        boolean fixJournal = r.fixJournalJails();
        if (!preflight.journalJails().isEmpty() && !fixJournal) {
            out.println("fail2ban cannot start as it is configured: " + Installer.describeJournalJails(preflight.journalJails()) + ".");
            fixJournal = yes("Put " + String.join(", ", preflight.journalJails()) + " on backend = systemd (a file of its own "
                    + "under jail.d/, after the backup)?", true);
            if (!fixJournal) {
                return new Answers(false, false, false);
            }
        }
        boolean upgrade = r.upgradeLegacy();
        if (legacy.isPresent() && !upgrade) {
            LegacyInstall l = legacy.get();
            out.println("Found the bash original (ban-tracker.sh): jails " + l.jails() + l.history().map(h -> ", history " + h).orElse("")
                    + (l.cronLines().isEmpty() ? "" : ", cron lines in " + l.cronLines().keySet()));
            upgrade = yes("Upgrade it (import its history, move its bans, remove its jails and cron lines)?", true);
        }
        ask(values, "services", "Services to protect", existing.require("services"), UnaryOperator.identity());
        ask(values, "notify.mode", "Notifications (none, smart, immediate, daily, weekly)", existing.require("notify.mode"),
                UnaryOperator.identity());
        if (!values.get("notify.mode").equals("none")) {
            String address = legacy.flatMap(LegacyInstall::notificationAddress)
                    .orElse(existing.require("notify.to"));
            ask(values, "notify.to", "Send them to", address, UnaryOperator.identity());
        }
        if (!values.containsKey("ignore")) {
            List<String> skipped = new ArrayList<>();
            List<IpPrefix> inherited = Fail2banConfigDir.of(r.configDir()).inheritedIgnore(skipped);
            String shown = inherited.isEmpty() ? existing.require("ignore")
                    : String.join(" ", inherited.stream().map(IpPrefix::toString).distinct().toList());
            String answer = line("Addresses and networks never to ban (Enter: "
                    + (inherited.isEmpty() ? "saslfail's default" : "fail2ban's ignoreip") + " = " + shown + ")", "");
            for (int i = 1; !answer.isEmpty(); i++) {
                try {
                    values.put("ignore", Installer.check("ignore", answer, "ignore list"));
                    break;
                } catch (BadInputException e) {
                    retry(e, i);
                    answer = line("Addresses and networks never to ban", "");
                }
            }
            if (answer.isEmpty() && inherited.isEmpty()) {
                values.put("ignore", shown);
            }
        }
        out.println();
        out.println("About to install with:");
        values.forEach((k, v) -> out.println("  " + k + " = " + v));
        if (upgrade) {
            out.println("  and upgrade the bash original");
        }
        if (fixJournal) {
            out.println("  and put " + String.join(", ", preflight.journalJails()) + " on the systemd journal");
        }
        boolean go = yes("Proceed?", true);
        return new Answers(go, upgrade, fixJournal);
    }

    /** The outcome of the questions. */
    public record Answers(boolean proceed, boolean upgradeLegacy, boolean fixJournalJails) {
    }

    private void ask(Map<String, String> values, String key, String question, String dflt, UnaryOperator<String> norm) {
        if (values.containsKey(key)) {
            return;
        }
        for (int i = 1; ; i++) {
            String answer = norm.apply(line(question, dflt));
            try {
                values.put(key, Installer.check(key, answer, question));
                return;
            } catch (BadInputException e) {
                retry(e, i);
            }
        }
    }

    private void retry(BadInputException e, int attempt) {
        if (attempt >= TRIES) {
            throw e;
        }
        out.println("  " + e.getMessage() + " - try again");
    }

    private boolean yes(String question, boolean dflt) {
        for (int i = 1; ; i++) {
            String a = line(question + (dflt ? " [Y/n]" : " [y/N]"), "").toLowerCase(java.util.Locale.ROOT);
            if (a.isEmpty()) {
                return dflt;
            }
            if (a.equals("y") || a.equals("yes")) {
                return true;
            }
            if (a.equals("n") || a.equals("no")) {
                return false;
            }
            retry(new BadInputException(question + ": answer yes or no"), i);
        }
    }

    private String line(String question, String dflt) {
        out.print(question + (dflt.isEmpty() ? "" : " [" + dflt + "]") + ": ");
        out.flush();
        try {
            String l = in.readLine();
            if (l == null) {
                throw new BadInputException("input ended before the question '" + question + "' was answered");
            }
            l = l.strip();
            return l.isEmpty() ? dflt : l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
