package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.JailName;
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
     */
    record ReplayCommand(Iterator<LogLine> lines, Map<JailName, Service> strikeOneJails) {
    }

    /**
     * What a replay found.
     *
     * @param enforced offenses that would have moved to a tier jail
     * @param last     the time of the last event, null when there was none
     * @param active   the bans running at {@code last}, highest first
     */
    record Replayed(long lines, long events, long enforced, Instant last, Map<Result, Long> results,
                    TreeMap<Integer, Long> byStrike, TreeMap<String, Long> skipped, Map<Result, Long> subnets,
                    java.util.List<ActiveBan> active) {
    }

    Replayed replay(ReplayCommand command);
}
