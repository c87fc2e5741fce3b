package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Service;
import org.saslfail.core.port.out.KnownUserPort;

/** The behaviour every {@link KnownUserPort} shares; an implementation's test implements this. */
public interface KnownUserContract {
    Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** A fresh, empty store of logins. */
    KnownUserPort knownUsers();

    static Login login(String ip, Service service, String user, Instant at) {
        return Login.of(IpAddress.parse(ip), service, user, at);
    }

    @Test
    default void keepsOneRowPerAddressServiceAndUserWithTheLatestTime() {
        KnownUserPort k = knownUsers();
        assertEquals(2, k.recordLogins(List.of(login("198.51.100.7", Service.POSTFIX, "alice", T0),
                login("198.51.100.7", Service.DOVECOT, "alice", T0.plusSeconds(5)))));
        assertEquals(0, k.recordLogins(List.of(login("198.51.100.7", Service.POSTFIX, "alice", T0.plusSeconds(60)),
                login("198.51.100.7", Service.POSTFIX, "alice", T0.minusSeconds(60)))));
        List<Login> got = k.logins(IpPrefix.parse("198.51.100.7"), T0.minus(Duration.ofDays(30)), 10);
        assertEquals(List.of(login("198.51.100.7", Service.POSTFIX, "alice", T0.plusSeconds(60)),
                login("198.51.100.7", Service.DOVECOT, "alice", T0.plusSeconds(5))), got);
    }

    @Test
    default void onlyLoginsAfterSinceAreReturnedNewestFirstUpToTheLimit() {
        KnownUserPort k = knownUsers();
        k.recordLogins(List.of(login("198.51.100.7", Service.POSTFIX, "old", T0.minus(Duration.ofDays(31))),
                login("198.51.100.7", Service.POSTFIX, "bob", T0.minusSeconds(10)),
                login("198.51.100.7", Service.POSTFIX, "carol", T0.minusSeconds(5)),
                login("198.51.100.8", Service.POSTFIX, "dave", T0)));
        List<Login> got = k.logins(IpPrefix.parse("198.51.100.7"), T0.minus(Duration.ofDays(30)), 1);
        assertEquals(List.of("carol"), got.stream().map(Login::user).toList());
        assertEquals(List.of("carol", "bob"), k.logins(IpPrefix.parse("198.51.100.7"), T0.minus(Duration.ofDays(30)), 10)
                .stream().map(Login::user).toList());
        assertEquals(List.of(), k.logins(IpPrefix.parse("198.51.100.7"), T0, 10));
    }

    @Test
    default void anIpv6LoginIsKeptByItsSlash64AndFoundFromAnyAddressInIt() {
        KnownUserPort k = knownUsers();
        k.recordLogins(List.of(login("2001:db8:1:2::10", Service.DOVECOT, "alice", T0)));
        Instant since = T0.minusSeconds(1);
        assertEquals(List.of(IpPrefix.parse("2001:db8:1:2::/64")),
                k.logins(IpPrefix.parse("2001:db8:1:2:ffff::1"), since, 10).stream().map(Login::from).toList());
        assertEquals(1, k.logins(IpPrefix.parse("2001:db8:1:2::/64"), since, 10).size());
        assertEquals(1, k.logins(IpPrefix.parse("2001:db8:1::/48"), since, 10).size());
        assertEquals(0, k.logins(IpPrefix.parse("2001:db8:1:3::/64"), since, 10).size());
    }

    @Test
    default void aSubnetQueryFindsTheAddressesInsideIt() {
        KnownUserPort k = knownUsers();
        k.recordLogins(List.of(login("198.51.100.7", Service.POSTFIX, "alice", T0),
                login("198.51.101.7", Service.POSTFIX, "bob", T0)));
        assertEquals(List.of("alice"), k.logins(IpPrefix.parse("198.51.100.0/24"), T0.minusSeconds(1), 10)
                .stream().map(Login::user).toList());
    }

    @Test
    default void hostileUserNamesAreStoredCleanedAndBounded() {
        KnownUserPort k = knownUsers();
        String hostile = "eve\r\nBcc: x@example.org\u0000" + "x".repeat(500);
        k.recordLogins(List.of(login("198.51.100.9", Service.POSTFIX, hostile, T0)));
        String stored = k.logins(IpPrefix.parse("198.51.100.9"), T0.minusSeconds(1), 10).get(0).user();
        assertEquals(Login.MAX_USER, stored.length());
        assertEquals("eveBcc: x@example.org", stored.substring(0, 21));
    }

    @Test
    default void forgettingDeletesLoginsLastSeenAtOrBeforeTheCutOff() {
        KnownUserPort k = knownUsers();
        k.recordLogins(List.of(login("198.51.100.7", Service.POSTFIX, "alice", T0),
                login("198.51.100.8", Service.POSTFIX, "bob", T0.plusSeconds(1))));
        assertEquals(1, k.forgetLogins(T0));
        assertEquals(List.of("bob"), k.logins(IpPrefix.parse("198.51.100.0/24"), Instant.EPOCH, 10)
                .stream().map(Login::user).toList());
    }
}
