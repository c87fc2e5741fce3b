package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.report.ActiveBan;

/**
 * Feeds logged ban events through the escalation engine on the log's own clock and stores the
 * result, sending nothing to the jails (a dry run). Replaying the same events twice changes nothing.
 */
public interface ReplayUseCase {

    /** One line of a log as an adapter read it. */
    sealed interface LogLine permits Ban, Skipped, Blank {
    }

    /** A ban, restore or unban event. */
    record Ban(BanEvent event) implements LogLine {
    }

    /** A line that holds no event, and why. */
    record Skipped(String reason) implements LogLine {
    }

    /** An empty line: counted as read, never as skipped. */
    record Blank() implements LogLine {
    }

    /**
     * @param strikeOneJails the jails whose bans are offenses and their services; empty for saslfail's own and the common older names ({@link org.saslfail.core.policy.EscalationPolicy#replayStrikeOneJails()})
     * @param logins         successful logins from the mail logs, in any order: each is learned just before
     *                       the first event after it, so a ban is decided knowing only the logins before it
     */
    record ReplayCommand(Iterator<LogLine> lines, Map<JailName, Service> strikeOneJails, List<Login> logins) {
        public ReplayCommand {
            logins = List.copyOf(logins);
        }

        /** A replay of ban logs alone. */
        public ReplayCommand(Iterator<LogLine> lines, Map<JailName, Service> strikeOneJails) {
            this(lines, strikeOneJails, List.of());
        }
    }

    /**
     * What a replay found, counted as {@code report summary} counts the store: the offenses by
     * strike include the subnets' own offenses, and bans in saslfail's own tier jails (fail2ban
     * enforcing earlier decisions) are counted apart, not as bans of jails it does not watch.
     *
     * @param events       the events of addresses (a subnet's own offense is a decision, not a logged event)
     * @param enforced     offenses that would have moved to a tier jail
     * @param last         the time of the last event, null when there was none
     * @param results      outcomes of the addresses' events; tier-jail bans are in {@code tierJailBans} instead
     * @param byStrike     every offense by strike, the subnets' included
     * @param subnets      outcomes of subnet decisions
     * @param active       the bans running at {@code last}, highest first
     * @param tierJailBans bans read in saslfail's own tier jails
     * @param logins       successful logins read from the mail logs
     * @param knownUsers   offenses of known users' addresses (capped at strike 1)
     */
    record Replayed(long lines, long events, long enforced, Instant last, Map<Result, Long> results,
                    TreeMap<Integer, Long> byStrike, TreeMap<String, Long> skipped, Map<Result, Long> subnets,
                    java.util.List<ActiveBan> active, long tierJailBans, long logins, long knownUsers) {

        /** Every offense, the subnets' included: the figure {@code report summary} prints for the same log. */
        public long offenses() {
            return byStrike.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Replayed replay(ReplayCommand command);
}
