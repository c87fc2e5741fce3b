package org.saslfail.core.port.out;

import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.DaemonStore.Op;

/**
 * Sends jail commands in batches and never loses one: a command the jails cannot take now is kept
 * pending and retried later. Implementations validate every value before it leaves.
 */
public interface JailEnforcementPort {

    /** One ban or lift of one target in one jail. */
    record JailCommand(JailName jail, IpPrefix target, Op op) {
    }

    /** Sends the commands now; returns those the jails took (the others are kept pending). */
    List<JailCommand> enforce(List<JailCommand> commands);

    /** Keeps the command pending without trying it now (e.g. its jail does not run); {@code why} is shown to the administrator. */
    void keep(JailCommand command, String why);
}
