package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.policy.KnownUserRule;
import org.saslfail.core.policy.KnownUsers;
import org.saslfail.core.testing.InMemoryKnownUsers;
import org.saslfail.core.testing.InMemoryOffenseStore;
import org.saslfail.core.testing.RecordingJailGateway;

/** The known-user rule through the service: window, IPv6 /64, per-service history, the three modes, subnets. */
class KnownUserServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private final RecordingJailGateway gateway = new RecordingJailGateway();
    private final List<String> calls = gateway.calls();
    private final InMemoryOffenseStore store = new InMemoryOffenseStore();
    private final InMemoryKnownUsers logins = new InMemoryKnownUsers();

    private EscalationService service(EscalationPolicy policy) {
        return new EscalationService(new Escalator(policy), store, store, gateway, logins);
    }

    private static EscalationPolicy mode(KnownUsers mode) {
        return EscalationPolicy.defaults().withKnownUsers(new KnownUserRule(mode, Duration.ofDays(30)));
    }

    private void login(String ip, Service service, String user, Instant at) {
        logins.recordLogins(List.of(Login.of(IpAddress.parse(ip), service, user, at)));
    }

    /** Three offenses of {@code ip}, each after the previous ban ended; their outcomes. */
    private List<Outcome> threeOffenses(EscalationService s, String jail, String ip, Instant start) {
        List<Outcome> out = new ArrayList<>();
        Instant at = start;
        for (int i = 0; i < 3; i++) {
            out.add(s.record(BanEvent.ban(jail, ip, at)));
            at = at.plus(Duration.ofDays(40));
        }
        return out;
    }

    @Test
    void underCapAKnownUsersAddressStaysAtStrikeOneInTheStrikeOneJailAndNamesTheUser() {
        EscalationService s = service(mode(KnownUsers.CAP));
        login("198.51.100.7", Service.POSTFIX, "alice", T0.minus(Duration.ofDays(3)));
        Outcome first = s.record(BanEvent.ban("saslfail-postfix", "198.51.100.7", T0));
        Outcome second = s.record(BanEvent.ban("saslfail-postfix", "198.51.100.7", T0.plus(Duration.ofDays(3))));
        for (Outcome o : List.of(first, second)) {
            assertEquals(Result.OFFENSE, o.result());
            assertEquals(1, o.offense().strike());
            assertEquals(JailName.of("saslfail-postfix"), o.offense().jail());
            assertEquals(List.of("alice"), o.offense().knownUsers());
            assertEquals("alice", o.logins().get(0).user());
        }
        assertEquals(T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(48)), second.offense().expiresAt());
        assertTrue(calls.isEmpty(), "nothing moved to a tier jail: " + calls);
    }

    @Test
    void underCapAKnownUserIsNeverMadePermanent() {
        EscalationService s = service(new EscalationPolicy(List.of(Duration.ofHours(1)), Duration.ofDays(365),
                HistoryMode.SHARED, 64, 5, Duration.ofHours(24), List.of(), 1, EscalationPolicy.replayStrikeOneJails(),
                KnownUserRule.defaults()));
        login("198.51.100.7", Service.POSTFIX, "alice", T0.minus(DAY));
        Outcome o = s.record(BanEvent.ban("saslfail-postfix", "198.51.100.7", T0));
        assertFalse(o.offense().permanent());
        assertEquals(Duration.ofHours(1), Duration.between(o.offense().at(), o.offense().expiresAt()));
        Outcome stranger = s.record(BanEvent.ban("saslfail-postfix", "198.51.100.8", T0));
        assertTrue(stranger.offense().permanent(), "the same policy bans a stranger permanently");
    }

    @Test
    void aLoginOutsideTheWindowOrAfterTheBanDoesNotProtect() {
        EscalationService s = service(mode(KnownUsers.CAP));
        login("198.51.100.7", Service.POSTFIX, "alice", T0.minus(Duration.ofDays(30)));
        Outcome atEdge = s.record(BanEvent.ban("saslfail-postfix", "198.51.100.7", T0));
        assertFalse(atEdge.offense().knownUser(), "a login exactly known_user_window old no longer counts");
        login("198.51.100.8", Service.POSTFIX, "bob", T0.plusSeconds(1));
        assertFalse(s.record(BanEvent.ban("saslfail-postfix", "198.51.100.8", T0)).offense().knownUser(),
                "a login after the ban did not make the address known at the ban");
        login("198.51.100.9", Service.POSTFIX, "carol", T0.minus(Duration.ofDays(30)).plusMillis(1));
        assertTrue(s.record(BanEvent.ban("saslfail-postfix", "198.51.100.9", T0)).offense().knownUser());
    }

    @Test
    void anIpv6LoginProtectsEveryAddressOfItsSlash64() {
        EscalationService s = service(mode(KnownUsers.CAP));
        login("2001:db8:1:2::10", Service.POSTFIX, "alice", T0.minus(DAY));
        assertTrue(s.record(BanEvent.ban("saslfail-postfix", "2001:db8:1:2:abcd::1", T0)).offense().knownUser());
        assertFalse(s.record(BanEvent.ban("saslfail-postfix", "2001:db8:1:3::1", T0)).offense().knownUser());
    }

    @Test
    void underPerServiceHistoryOnlyALoginToTheSameServiceProtects() {
        EscalationPolicy perService = new EscalationPolicy(EscalationPolicy.DEFAULT_LADDER, Duration.ofDays(365),
                HistoryMode.PER_SERVICE, 64, 5, Duration.ofHours(24),
                EscalationPolicy.DEFAULT_IGNORE.stream().map(IpPrefix::parse).toList(), 0,
                EscalationPolicy.replayStrikeOneJails(), KnownUserRule.defaults());
        EscalationService s = service(perService);
        login("198.51.100.7", Service.DOVECOT, "alice", T0.minus(DAY));
        assertFalse(s.record(BanEvent.ban("saslfail-postfix", "198.51.100.7", T0)).offense().knownUser());
        assertTrue(s.record(BanEvent.ban("saslfail-dovecot", "198.51.100.7", T0)).offense().knownUser());

        EscalationService shared = new EscalationService(new Escalator(mode(KnownUsers.CAP)), new InMemoryOffenseStore(),
                new InMemoryOffenseStore(), gateway, logins);
        assertTrue(shared.record(BanEvent.ban("saslfail-postfix", "198.51.100.7", T0)).offense().knownUser(),
                "under shared history a Dovecot login protects the Postfix ban too");
    }

    @Test
    void underIgnoreAKnownUserIsLiftedFromTheStrikeOneJailAndNoOffenseIsCounted() {
        EscalationService s = service(mode(KnownUsers.IGNORE));
        login("198.51.100.7", Service.POSTFIX, "alice", T0.minus(DAY));
        Outcome o = s.record(BanEvent.ban("saslfail-postfix", "198.51.100.7", T0));
        assertEquals(Result.KNOWN_USER, o.result());
        assertEquals(List.of("unban saslfail-postfix 198.51.100.7"), calls);
        assertTrue(store.history(IpPrefix.parse("198.51.100.7"), Instant.EPOCH).isEmpty());
        assertTrue(store.seen(o.event().key()), "the event is recorded, so a replay does not lift it twice");
    }

    @Test
    void underOffAKnownUserClimbsTheLadderLikeAnyone() {
        EscalationService s = service(mode(KnownUsers.OFF));
        login("198.51.100.7", Service.POSTFIX, "alice", T0.minus(DAY));
        List<Outcome> three = threeOffenses(s, "saslfail-postfix", "198.51.100.7", T0);
        assertEquals(List.of(1, 2, 3), three.stream().map(o -> o.offense().strike()).toList());
        assertTrue(three.stream().noneMatch(o -> o.offense().knownUser()));
    }

    @Test
    void underCapTheSameAddressClimbsOnceTheLoginIsOlderThanTheWindow() {
        EscalationService s = service(mode(KnownUsers.CAP));
        login("198.51.100.7", Service.POSTFIX, "alice", T0.minus(DAY));
        List<Outcome> three = threeOffenses(s, "saslfail-postfix", "198.51.100.7", T0);
        // offense 1 is protected; at +40 d the login is 41 days old: offense 2 gets strike 2
        assertEquals(List.of(1, 2, 3), three.stream().map(o -> o.offense().strike()).toList());
        assertEquals(List.of(true, false, false), three.stream().map(o -> o.offense().knownUser()).toList());
    }

    @Test
    void knownUsersAddressesNeverCountTowardASubnet() {
        EscalationService s = service(mode(KnownUsers.CAP));
        login("203.0.113.1", Service.POSTFIX, "alice", T0.minus(DAY));
        for (int i = 1; i <= 4; i++) {
            assertEquals(1, s.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113." + i, T0.plusSeconds(i))).size());
        }
        List<Outcome> fifth = s.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.5", T0.plusSeconds(5)));
        assertEquals(1, fifth.size(), "only four strangers offended: " + fifth);
        List<Outcome> sixth = s.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.6", T0.plusSeconds(6)));
        assertEquals(2, sixth.size(), "the fifth stranger bans the /24");
        List<Outcome> knownFifth = new ArrayList<>();
        InMemoryOffenseStore fresh = new InMemoryOffenseStore();
        EscalationService t = new EscalationService(new Escalator(mode(KnownUsers.CAP)), fresh, fresh, gateway, logins);
        for (int i = 2; i <= 5; i++) {
            t.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113." + i, T0.plusSeconds(i)));
        }
        knownFifth.addAll(t.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.1", T0.plusSeconds(9))));
        assertEquals(1, knownFifth.size(), "a known user's offense does not trigger the subnet either");
        Offense o = knownFifth.get(0).offense();
        assertTrue(o.knownUser());
    }
}
