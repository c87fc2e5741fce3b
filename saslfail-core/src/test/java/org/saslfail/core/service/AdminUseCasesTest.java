package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.AdminTarget;
import org.saslfail.core.port.in.InvalidCommandException;
import org.saslfail.core.port.in.ForgiveUseCase.ForgiveCommand;
import org.saslfail.core.port.in.LiftBanUseCase.LiftBanCommand;
import org.saslfail.core.port.in.ManualBanUseCase.ManualBan;
import org.saslfail.core.port.in.ManualBanUseCase.ManualBanCommand;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.JailUnavailableException;
import org.saslfail.core.testing.InMemoryBanSet;
import org.saslfail.core.testing.InMemoryDaemonStore;
import org.saslfail.core.testing.InMemoryJails;
import org.saslfail.core.testing.InMemoryOffenseStore;

/** Ban, unban and forgive by hand, over the in-memory store and jails. */
class AdminUseCasesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.250Z");
    private static final JailName POSTFIX = JailName.strikeOne(Service.POSTFIX);
    private static final JailName DOVECOT = JailName.strikeOne(Service.DOVECOT);
    private static final JailName STRIKE2 = JailName.tier(2);
    private static final JailName STRIKE3 = JailName.tier(3);
    private static final List<Service> SERVICES = List.of(Service.POSTFIX, Service.DOVECOT);

    private final InMemoryOffenseStore store = new InMemoryOffenseStore();
    private final InMemoryDaemonStore state = new InMemoryDaemonStore();
    private final InMemoryJails jails = new InMemoryJails(List.of(POSTFIX, DOVECOT, STRIKE2, STRIKE3));

    private ManualBanService bans(EscalationPolicy policy) {
        return new ManualBanService(new Escalator(policy), SERVICES, store, store, store, state, jails, Optional.empty());
    }

    private LiftService lifts(EscalationPolicy policy) {
        return new LiftService(policy, SERVICES, store, store, state, jails, Optional.empty());
    }

    private static AdminTarget target(String text) {
        return AdminTarget.parse(text, EscalationPolicy.defaults());
    }

    @Test
    void firstHandBanIsStrikeOneInThePostfixJailRecordedInWholeSeconds() {
        ManualBan ban = bans(EscalationPolicy.defaults()).ban(new ManualBanCommand(target("203.0.113.7"), Optional.empty(), T0));
        assertFalse(ban.alreadyBanned());
        assertEquals(1, ban.number());
        assertEquals(POSTFIX, ban.jail());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), ban.offense().at());
        assertEquals(List.of(IpPrefix.parse("203.0.113.7")), jails.bannedIn(POSTFIX));
    }

    @Test
    void aRunningBanIsReportedAndNothingChanges() {
        ManualBanService bans = bans(EscalationPolicy.defaults());
        bans.ban(new ManualBanCommand(target("203.0.113.7"), Optional.empty(), T0));
        ManualBan again = bans.ban(new ManualBanCommand(target("203.0.113.7"), Optional.empty(), T0.plusSeconds(60)));
        assertTrue(again.alreadyBanned());
        assertEquals(1, store.offensesWithin(IpPrefix.parse("203.0.113.7")).size());
    }

    @Test
    void handBanCountsByTheEnginesRuleSoPerServiceHistoryIgnoresDovecotOffenses() {
        EscalationPolicy perService = Settings.defaults().with("history", "per-service").policy(List.of());
        // an ended Dovecot offense: under per-service history it does not count for Postfix
        new EscalationService(new Escalator(perService), store, store, jails)
                .recordAll(BanEvent.ban("saslfail-dovecot", "203.0.113.7", T0.minusSeconds(10 * 86400)));
        assertEquals(1, store.offensesWithin(IpPrefix.parse("203.0.113.7")).size());
        ManualBan ban = bans(perService).ban(new ManualBanCommand(target("203.0.113.7"), Optional.empty(), T0));
        assertEquals(1, ban.number());
        ManualBan shared = bans(EscalationPolicy.defaults())
                .ban(new ManualBanCommand(target("203.0.113.8"), Optional.of(2), T0));
        assertEquals(STRIKE2, shared.jail());
    }

    @Test
    void aTierBanLiftsTheTargetFromTheStrikeOneJails() {
        jails.ban(POSTFIX, List.of(IpPrefix.parse("198.51.100.4")));
        ManualBan ban = bans(EscalationPolicy.defaults())
                .ban(new ManualBanCommand(target("198.51.100.4"), Optional.of(3), T0));
        assertEquals(STRIKE3, ban.jail());
        assertEquals(List.of(), jails.bannedIn(POSTFIX));
        assertEquals(List.of(IpPrefix.parse("198.51.100.4")), jails.bannedIn(STRIKE3));
    }

    @Test
    void underNftablesAHandTierBanEntersTheBanSetAtOnceAndUnbanTakesItOut() {
        InMemoryBanSet set = new InMemoryBanSet(java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC));
        EscalationPolicy policy = EscalationPolicy.defaults();
        ManualBanService bans = new ManualBanService(new Escalator(policy), SERVICES, store, store, store, state, jails,
                Optional.of(set));
        // no table yet: recorded, and the note says the daemon loads it
        ManualBan early = bans.ban(new ManualBanCommand(target("198.51.100.0/24"), Optional.of(2), T0));
        assertTrue(early.note().orElseThrow().contains("not loaded yet"), early.toString());
        set.replace(BanSetPort.Elements.of(List.of()));
        ManualBan tier = bans.ban(new ManualBanCommand(target("203.0.113.7"), Optional.of(2), T0));
        assertEquals(Optional.empty(), tier.note());
        assertEquals(List.of(IpPrefix.parse("203.0.113.7")), set.elements().stream().map(BanSetPort.Element::target).toList());
        // strike 1 stays fail2ban's
        bans.ban(new ManualBanCommand(target("203.0.113.8"), Optional.of(1), T0));
        assertEquals(1, set.elements().size());
        new LiftService(policy, SERVICES, store, store, state, jails, Optional.of(set))
                .lift(new LiftBanCommand(target("203.0.113.7"), T0.plusSeconds(60)));
        assertEquals(List.of(), set.elements());
    }

    @Test
    void ignoredTargetsAndStrikesOutOfRangeAreRefusedBeforeAnythingChanges() {
        ManualBanService bans = bans(EscalationPolicy.defaults());
        assertThrows(InvalidCommandException.class,
                () -> bans.ban(new ManualBanCommand(target("10.1.2.3"), Optional.empty(), T0)));
        InvalidCommandException e = assertThrows(InvalidCommandException.class,
                () -> bans.ban(new ManualBanCommand(target("203.0.113.7"), Optional.of(4), T0)));
        assertEquals("--strike must be between 1 and 3, got 4", e.getMessage());
        assertThrows(InvalidCommandException.class, () -> target("203.0.113.300"));
        assertEquals(List.of(), store.offensesWithin(IpPrefix.parse("0.0.0.0/0")));
    }

    @Test
    void whenTheJailsAreDownNothingIsChanged() {
        jails.down();
        JailUnavailableException e = assertThrows(JailUnavailableException.class,
                () -> bans(EscalationPolicy.defaults()).ban(new ManualBanCommand(target("203.0.113.7"), Optional.empty(), T0)));
        assertTrue(e.getMessage().endsWith("; nothing was changed"), e.getMessage());
        assertEquals(List.of(), store.offensesWithin(IpPrefix.parse("203.0.113.7")));
    }

    @Test
    void unbanLiftsInTheStoreDropsPendingCommandsAndLiftsFromEveryJail() {
        bans(EscalationPolicy.defaults()).ban(new ManualBanCommand(target("203.0.113.7"), Optional.of(2), T0));
        state.pending(STRIKE2, IpPrefix.parse("203.0.113.7"), DaemonStore.Op.BAN, T0, T0, "fail2ban is unreachable");
        var lifted = lifts(EscalationPolicy.defaults()).lift(new LiftBanCommand(target("203.0.113.7"), T0.plusSeconds(5)));
        assertEquals(1, lifted.bans());
        assertEquals(List.of(STRIKE2), lifted.jails());
        assertEquals(0, state.pendingCount());
        assertEquals(1, store.offensesWithin(IpPrefix.parse("203.0.113.7")).size(), "history kept");
    }

    @Test
    void forgiveAsksWithTheCountAndErasesOnlyWhenConfirmed() {
        bans(EscalationPolicy.defaults()).ban(new ManualBanCommand(target("203.0.113.7"), Optional.empty(), T0));
        LiftService lifts = lifts(EscalationPolicy.defaults());
        int[] asked = {-1};
        var no = lifts.forgive(new ForgiveCommand(target("203.0.113.7"), T0.plusSeconds(5), n -> {
            asked[0] = n;
            return false;
        }));
        assertFalse(no.done());
        assertEquals(1, asked[0]);
        assertEquals(List.of(IpPrefix.parse("203.0.113.7")), jails.bannedIn(POSTFIX), "nothing changed");
        var yes = lifts.forgive(new ForgiveCommand(target("203.0.113.7"), T0.plusSeconds(5), n -> true));
        assertEquals(1, yes.erased());
        assertEquals(List.of(POSTFIX), yes.jails());
        assertEquals(List.of(), store.offensesWithin(IpPrefix.parse("203.0.113.7")));
    }

    @Test
    void unbanningANetworkLiftsEveryBanInsideItFromTheJailsTheBanSetAndTheFleetNotOnlyTheNetwork() {
        EscalationPolicy policy = EscalationPolicy.defaults();
        InMemoryBanSet set = new InMemoryBanSet(java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC));
        set.replace(BanSetPort.Elements.of(List.of()));
        ManualBanService bans = new ManualBanService(new Escalator(policy), SERVICES, store, store, store, state, jails,
                Optional.of(set));
        bans.ban(new ManualBanCommand(target("203.0.113.7"), Optional.empty(), T0));
        bans.ban(new ManualBanCommand(target("203.0.113.9"), Optional.of(2), T0));
        bans.ban(new ManualBanCommand(target("198.51.100.1"), Optional.empty(), T0));
        var lifted = new LiftService(policy, SERVICES, store, store, state, jails, Optional.of(set))
                .lift(new LiftBanCommand(target("203.0.113.0/24"), T0.plusSeconds(60)));
        assertEquals(2, lifted.bans());
        assertEquals(List.of(POSTFIX, STRIKE2), lifted.jails());
        assertEquals(List.of(), jails.bannedIn(POSTFIX).stream().filter(p -> p.toString().startsWith("203.0.113.")).toList());
        assertEquals(List.of(), jails.bannedIn(STRIKE2));
        assertEquals(List.of(), set.elements());
        assertEquals(List.of(IpPrefix.parse("198.51.100.1")), jails.bannedIn(POSTFIX), "outside the network: untouched");
    }
}
