package org.saslfail.fail2ban.client;

import java.util.List;
import org.saslfail.core.model.JailName;

/** What {@code fail2ban-client status JAIL} shows: the filter and action counters and the banned addresses. */
public record JailStatus(JailName jail, int currentlyFailed, int totalFailed, int currentlyBanned, int totalBanned,
                         List<String> banned) {
    public JailStatus {
        banned = List.copyOf(banned);
    }
}
