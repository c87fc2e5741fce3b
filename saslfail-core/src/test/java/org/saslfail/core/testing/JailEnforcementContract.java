package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.DaemonStore.Op;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailEnforcementPort.JailCommand;

/**
 * What every {@link JailEnforcementPort} must do, written once: it returns the commands the jails
 * took, and keeps (never drops) one they cannot take. Implementations give a running jail, a way
 * to read what it holds, and the commands kept so far; each test uses addresses of its own.
 */
public interface JailEnforcementContract {

    JailEnforcementPort enforcement();

    /** A running jail. */
    JailName jail();

    /** What {@code jail} holds banned right now, as the implementation's source of truth says. */
    List<IpPrefix> bannedIn(JailName jail);

    /** The commands kept pending so far. */
    List<JailCommand> kept();

    private static JailCommand command(JailName jail, String target, Op op) {
        return new JailCommand(jail, IpPrefix.parse(target), op);
    }

    @Test
    default void whatTheJailsTookIsReturnedAndHeld() {
        List<JailCommand> bans = List.of(command(jail(), "192.0.2.81", Op.BAN), command(jail(), "192.0.2.82", Op.BAN));
        assertEquals(bans, enforcement().enforce(bans));
        assertTrue(bannedIn(jail()).containsAll(List.of(IpPrefix.parse("192.0.2.81"), IpPrefix.parse("192.0.2.82"))));
        List<JailCommand> lift = List.of(command(jail(), "192.0.2.81", Op.UNBAN));
        assertEquals(lift, enforcement().enforce(lift));
        assertFalse(bannedIn(jail()).contains(IpPrefix.parse("192.0.2.81")));
    }

    @Test
    default void aCommandForAJailThatDoesNotRunIsKeptAndTheOthersGoThrough() {
        JailCommand lost = command(JailName.of("saslfail-no-such-jail"), "192.0.2.83", Op.BAN);
        JailCommand fine = command(jail(), "192.0.2.84", Op.BAN);
        assertEquals(List.of(fine), enforcement().enforce(List.of(lost, fine)));
        assertTrue(kept().contains(lost), () -> kept().toString());
        assertTrue(bannedIn(jail()).contains(IpPrefix.parse("192.0.2.84")));
    }

    @Test
    default void keepKeepsACommandWithoutSendingIt() {
        JailCommand later = command(jail(), "192.0.2.85", Op.BAN);
        enforcement().keep(later, "its jail is being reloaded");
        assertTrue(kept().contains(later), () -> kept().toString());
        assertFalse(bannedIn(jail()).contains(IpPrefix.parse("192.0.2.85")));
    }
}
