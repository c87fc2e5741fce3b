package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.JailUnavailableException;

/**
 * What every {@link JailAdminPort} must do, written once: it answers while up, lists the running
 * jails, and says how many targets a ban or lift changed. Implementations give two running jails;
 * each test uses addresses of its own, so one port may serve all tests of a class.
 */
public interface JailAdminContract {

    JailAdminPort jails();

    /** A running jail the port can ban in. */
    JailName jail();

    /** A second running jail. */
    JailName otherJail();

    @Test
    default void answersAndListsItsRunningJails() {
        jails().requireReachable();
        assertTrue(jails().runningJails().containsAll(List.of(jail(), otherJail())), () -> jails().runningJails().toString());
    }

    @Test
    default void banCountsWhatWasNewlyBannedAndLiftCountsWhatWasLifted() {
        IpPrefix a = IpPrefix.parse("192.0.2.71");
        IpPrefix b = IpPrefix.parse("192.0.2.72");
        assertEquals(1, jails().ban(jail(), List.of(a)));
        assertEquals(1, jails().ban(jail(), List.of(a, b)));
        assertEquals(0, jails().unban(otherJail(), List.of(a, b)));
        assertEquals(2, jails().unban(jail(), List.of(a, b)));
        assertEquals(0, jails().unban(jail(), List.of(a)));
    }

    @Test
    default void heldListsWhatTheJailHolds() {
        IpPrefix a = IpPrefix.parse("192.0.2.74");
        jails().ban(jail(), List.of(a));
        assertTrue(jails().held(jail()).contains(a), () -> jails().held(jail()).toString());
        assertFalse(jails().held(otherJail()).contains(a));
        jails().unban(jail(), List.of(a));
        assertFalse(jails().held(jail()).contains(a));
    }

    @Test
    default void aJailThatDoesNotRunIsRefused() {
        assertThrows(JailUnavailableException.class,
                () -> jails().ban(JailName.of("saslfail-no-such-jail"), List.of(IpPrefix.parse("192.0.2.73"))));
    }
}
