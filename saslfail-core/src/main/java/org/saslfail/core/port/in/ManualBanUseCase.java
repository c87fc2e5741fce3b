package org.saslfail.core.port.in;

import java.time.Instant;
import java.util.Optional;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;

/** Bans an address or network by hand ({@code saslfail ban}), as an offense in the history and in the jails alike. */
public interface ManualBanUseCase {

    /** @param strike the strike to ban at; empty for the one its history earns (by the counting rule) */
    record ManualBanCommand(AdminTarget target, Optional<Integer> strike, Instant at) {
    }

    /** The ban: {@code alreadyBanned} when it was running and no strike was asked for (then nothing changed). */
    /** @param note what the user should know about the ban's enforcement (saslfail's ban set not loaded yet), if anything */
    record ManualBan(boolean alreadyBanned, Offense offense, JailName jail, int number, Optional<String> note) {
        public ManualBan(boolean alreadyBanned, Offense offense, JailName jail, int number) {
            this(alreadyBanned, offense, jail, number, Optional.empty());
        }
    }

    /**
     * Throws {@link InvalidCommandException} for an ignored target or a strike out of range, and
     * {@link org.saslfail.core.port.out.JailUnavailableException} when the jails cannot be reached
     * (nothing changed) or did not take the ban (recorded, and kept pending for the daemon).
     */
    ManualBan ban(ManualBanCommand command);
}
