package org.saslfail.core.port.in;

import java.time.Instant;

/**
 * Enforces on this node what the other fleet nodes decided since it last looked: their bans (for
 * the time they have left; ended ones skipped), their lifts, and the end of the bans it applied
 * for them. Nothing of it is counted as an offense here.
 */
public interface ApplyFleetDecisionsUseCase {

    record ApplyCommand(Instant now) {
    }

    /**
     * @param applied  decisions of other nodes turned into jail commands now
     * @param skipped  decisions passed over: this node's own, bans that had ended, bans out of {@code fleet.scope}
     * @param expired  bans applied for other nodes lifted because they ended
     * @param upTo     the newest decision id this node has now seen
     * @param more     true when more decisions wait (a catch-up in batches)
     * @param newestAt when the newest decision applied now was taken; null when none was applied
     */
    record Applied(int applied, int skipped, int expired, long upTo, boolean more, Instant newestAt) {
        public Applied(int applied, int skipped, int expired, long upTo, boolean more) {
            this(applied, skipped, expired, upTo, more, null);
        }
    }

    Applied apply(ApplyCommand command);
}
