package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.policy.Fleet;
import org.saslfail.core.port.in.ApplyFleetDecisionsUseCase.ApplyCommand;
import org.saslfail.core.port.in.ApplyFleetDecisionsUseCase.Applied;
import org.saslfail.core.port.in.ReconcileUseCase.ReconcileCommand;
import org.saslfail.core.testing.InMemoryFleetDecisions;
import org.saslfail.core.testing.InMemoryJails;
import org.saslfail.core.testing.InMemoryOffenseStore;

/** Two fleet nodes over one in-memory store and decision log, each with its own jails. */
class FleetServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final JailName POSTFIX = EscalationPolicy.POSTFIX_JAIL;
    private static final JailName STRIKE1 = Fleet.REMOTE_STRIKE_ONE_JAIL;
    private static final JailName STRIKE2 = JailName.tier(2);
    private static final IpPrefix IP = IpPrefix.parse("203.0.113.9");

    private final EscalationPolicy policy = EscalationPolicy.defaults()
            .withStrikeOneJails(EscalationPolicy.strikeOneJails(List.of(Service.POSTFIX)));
    private final InMemoryOffenseStore store = new InMemoryOffenseStore();
    private final InMemoryFleetDecisions decisions = new InMemoryFleetDecisions();

    private InMemoryJails jails() {
        return new InMemoryJails(List.of(POSTFIX, STRIKE1, STRIKE2, JailName.tier(3)));
    }

    private EscalationService engine(String node, InMemoryJails jails) {
        return new EscalationService(new Escalator(policy), store, store, jails, null,
                new FleetPublisher(new Fleet(node, Fleet.Scope.ALL), decisions, store));
    }

    private FleetApplyService applier(String node, Fleet.Scope scope, InMemoryJails jails) {
        return new FleetApplyService(new Fleet(node, scope), policy, decisions, jails);
    }

    @Test
    void aStrikeOneBanOnOneNodeIsEnforcedOnTheOtherInTheRemoteStrikeOneJailOnlyOnce() {
        InMemoryJails a = jails();
        InMemoryJails b = jails();
        Outcome o = engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0)).get(0);
        assertEquals(Outcome.Result.OFFENSE, o.result());
        assertEquals("mx1", o.offense().node());
        assertEquals(1, decisions.newest());

        Applied first = applier("mx2", Fleet.Scope.ALL, b).apply(new ApplyCommand(T0.plusSeconds(1)));
        assertEquals(new Applied(1, 0, 0, 1, false, T0), first, "the newest applied decision's time: the propagation lag's start");
        assertEquals(List.of(IP), b.bannedIn(STRIKE1));
        assertEquals(List.of(), b.bannedIn(POSTFIX), "never in the strike-1 jail the intake reads");
        assertEquals(new Applied(0, 0, 0, 1, false), applier("mx2", Fleet.Scope.ALL, b).apply(new ApplyCommand(T0.plusSeconds(2))));
        // the deciding node skips its own decision
        assertEquals(new Applied(0, 1, 0, 1, false), applier("mx1", Fleet.Scope.ALL, a).apply(new ApplyCommand(T0.plusSeconds(2))));
        assertEquals(List.of(), a.bannedIn(STRIKE1));
    }

    @Test
    void escalationsScopeSkipsStrikeOneButEnforcesStrikeTwoInItsTierJail() {
        InMemoryJails a = jails();
        InMemoryJails b = jails();
        engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        Instant second = T0.plus(Duration.ofDays(3));
        Outcome o = engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.9", second)).get(0);
        assertEquals(2, o.offense().strike());
        Applied applied = applier("mx2", Fleet.Scope.ESCALATIONS, b).apply(new ApplyCommand(second.plusSeconds(1)));
        assertEquals(1, applied.applied());
        assertEquals(1, applied.skipped());
        assertEquals(List.of(IP), b.bannedIn(STRIKE2));
        assertEquals(List.of(), b.bannedIn(STRIKE1));
    }

    @Test
    void aNodeBackAfterADayAppliesRunningBansAndSkipsEndedOnesThenLiftsThemWhenTheyEnd() {
        InMemoryJails a = jails();
        InMemoryJails b = jails();
        engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "198.51.100.1", T0));
        engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "198.51.100.2", T0.plus(Duration.ofDays(1))));
        // mx2 comes back 50 hours after the first ban: it has ended (48h), the second runs another 22 hours
        Instant back = T0.plus(Duration.ofHours(50));
        Applied applied = applier("mx2", Fleet.Scope.ALL, b).apply(new ApplyCommand(back));
        assertEquals(1, applied.applied());
        assertEquals(1, applied.skipped());
        assertEquals(List.of(IpPrefix.parse("198.51.100.2")), b.bannedIn(STRIKE1));
        Applied later = applier("mx2", Fleet.Scope.ALL, b).apply(new ApplyCommand(back.plus(Duration.ofHours(23))));
        assertEquals(1, later.expired());
        assertEquals(List.of(), b.bannedIn(STRIKE1), "lifted when its time on mx1 ran out");
    }

    @Test
    void aLiftTravelsToEveryJailOfTheOtherNodeAndIsWrittenWithTheLift() {
        InMemoryJails a = jails();
        InMemoryJails b = jails();
        engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        applier("mx2", Fleet.Scope.ALL, b).apply(new ApplyCommand(T0.plusSeconds(1)));
        FleetPublisher mx1 = new FleetPublisher(new Fleet("mx1", Fleet.Scope.ALL), decisions, store);
        LiftService lift = new LiftService(policy, List.of(Service.POSTFIX), store, store,
                new org.saslfail.core.testing.InMemoryDaemonStore(), a, java.util.Optional.empty(), mx1);
        lift.lift(new org.saslfail.core.port.in.LiftBanUseCase.LiftBanCommand(
                new org.saslfail.core.port.in.AdminTarget(IP, IP), T0.plusSeconds(60)));
        FleetDecision last = decisions.after(1, 10).get(0);
        assertEquals(FleetDecision.Action.LIFT, last.action());
        assertTrue(store.history(IP, T0.minusSeconds(1)).get(0).liftedAt() != null);
        applier("mx2", Fleet.Scope.ALL, b).apply(new ApplyCommand(T0.plusSeconds(61)));
        assertEquals(List.of(), b.bannedIn(STRIKE1));
    }

    @Test
    void aNetworksUnbanLiftsEachBanInsideItOnTheOtherNodeToo() {
        InMemoryJails a = jails();
        InMemoryJails b = jails();
        engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.10", T0));
        applier("mx2", Fleet.Scope.ALL, b).apply(new ApplyCommand(T0.plusSeconds(1)));
        assertEquals(2, b.bannedIn(STRIKE1).size());
        FleetPublisher mx1 = new FleetPublisher(new Fleet("mx1", Fleet.Scope.ALL), decisions, store);
        IpPrefix net = IpPrefix.parse("203.0.113.0/24");
        new LiftService(policy, List.of(Service.POSTFIX), store, store, new org.saslfail.core.testing.InMemoryDaemonStore(), a,
                java.util.Optional.empty(), mx1).lift(new org.saslfail.core.port.in.LiftBanUseCase.LiftBanCommand(
                        new org.saslfail.core.port.in.AdminTarget(net, net), T0.plusSeconds(60)));
        applier("mx2", Fleet.Scope.ALL, b).apply(new ApplyCommand(T0.plusSeconds(61)));
        assertEquals(List.of(), b.bannedIn(STRIKE1));
        assertEquals(List.of(), a.bannedIn(POSTFIX));
    }

    @Test
    void reconcileOnAnotherNodePutsItsStrikeOneBansInTheRemoteJailNeverInTheStrikeOneJail() {
        InMemoryJails a = jails();
        InMemoryJails b = jails();
        engine("mx1", a).recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        new ReconcileService(policy, store, b, b, new Fleet("mx2", Fleet.Scope.ALL))
                .reconcile(new ReconcileCommand(T0.plusSeconds(5)));
        assertEquals(List.of(IP), b.bannedIn(STRIKE1));
        assertEquals(List.of(), b.bannedIn(POSTFIX));
        InMemoryJails c = jails();
        new ReconcileService(policy, store, c, c, new Fleet("mx3", Fleet.Scope.ESCALATIONS))
                .reconcile(new ReconcileCommand(T0.plusSeconds(5)));
        assertFalse(c.bannedIn(STRIKE1).contains(IP), "out of scope");
        assertEquals(Set.of(), Set.copyOf(c.bannedIn(POSTFIX)));
    }
}
