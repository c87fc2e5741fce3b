package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;

/**
 * What every {@link JailGateway} must do, written once and run against each implementation.
 * Implementations give two jails that exist and a way to read what a jail holds. Each test
 * uses addresses of its own, so one gateway may serve all tests of a class.
 */
public interface JailGatewayContract {

    JailGateway gateway();

    /** A jail the gateway can ban in. */
    JailName jail();

    /** A second jail, to show bans stay in the jail they were made in. */
    JailName otherJail();

    /** What {@code jail} holds banned right now, as the implementation's source of truth says. */
    List<IpPrefix> bannedIn(JailName jail);

    @Test
    default void bannedAddressIsHeldByTheJail() {
        IpPrefix ip = IpPrefix.parse("192.0.2.11");
        gateway().ban(jail(), ip);
        assertTrue(bannedIn(jail()).contains(ip), () -> bannedIn(jail()).toString());
        assertFalse(bannedIn(otherJail()).contains(ip));
    }

    @Test
    default void unbanLiftsTheBan() {
        IpPrefix ip = IpPrefix.parse("192.0.2.12");
        gateway().ban(jail(), ip);
        gateway().unban(jail(), ip);
        assertFalse(bannedIn(jail()).contains(ip));
    }

    @Test
    default void unbanOfWhatIsNotBannedIsNoError() {
        IpPrefix ip = IpPrefix.parse("192.0.2.13");
        gateway().unban(jail(), ip);
        assertFalse(bannedIn(jail()).contains(ip));
    }

    @Test
    default void banningTwiceKeepsOneBan() {
        IpPrefix ip = IpPrefix.parse("192.0.2.14");
        gateway().ban(jail(), ip);
        gateway().ban(jail(), ip);
        assertEquals(1, bannedIn(jail()).stream().filter(ip::equals).count());
    }

    @Test
    default void ipv6NetworksAndIpv4SubnetsAreBannedAsNetworks() {
        IpPrefix v6 = IpPrefix.parse("2001:db8:77:2::/64");
        IpPrefix v4 = IpPrefix.parse("198.51.100.0/24");
        gateway().ban(jail(), v6);
        gateway().ban(jail(), v4);
        assertTrue(bannedIn(jail()).containsAll(List.of(v6, v4)), () -> bannedIn(jail()).toString());
    }

    @Test
    default void movingToAnotherJailLeavesOnlyTheNewBan() {
        IpPrefix ip = IpPrefix.parse("203.0.113.15");
        gateway().ban(jail(), ip);
        gateway().ban(otherJail(), ip);
        gateway().unban(jail(), ip);
        assertFalse(bannedIn(jail()).contains(ip));
        assertTrue(bannedIn(otherJail()).contains(ip));
    }
}
