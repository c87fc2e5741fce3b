package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.ReconcileUseCase.ReconcileCommand;
import org.saslfail.core.port.in.ReconcileUseCase.Reconciled;
import org.saslfail.core.port.out.DaemonStore.Op;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailEnforcementPort.JailCommand;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.report.ActiveBan;

/** Reconcile against mocked jails: it sends only what the jails lack or hold wrongly. */
class ReconcileServiceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final JailName POSTFIX = EscalationPolicy.POSTFIX_JAIL;
    private static final JailName DOVECOT = EscalationPolicy.DOVECOT_JAIL;
    private static final JailName STRIKE2 = JailName.tier(2);
    private static final JailName STRIKE3 = JailName.tier(3);

    private final ReportQueryPort reports = mock(ReportQueryPort.class);
    private final JailAdminPort jails = mock(JailAdminPort.class);
    private final JailEnforcementPort enforcement = mock(JailEnforcementPort.class);
    private final ReconcileService reconcile = new ReconcileService(EscalationPolicy.defaults(), reports, jails, enforcement);

    @BeforeEach
    void everyJailRunsEmpty() {
        when(jails.runningJails()).thenReturn(Set.of(POSTFIX, DOVECOT, STRIKE2, STRIKE3));
        when(jails.held(any())).thenReturn(List.of());
        when(enforcement.enforce(any())).thenAnswer(call -> call.getArgument(0));
    }

    private static ActiveBan ban(String offender, int strike, JailName jail) {
        return new ActiveBan(IpPrefix.parse(offender), strike, jail, Service.POSTFIX, NOW.minusSeconds(60),
                NOW.plusSeconds(86400), strike);
    }

    private static JailCommand command(JailName jail, String target, Op op) {
        return new JailCommand(jail, IpPrefix.parse(target), op);
    }

    @Test
    void aBanTheJailLacksIsSentAndOneItHoldsIsAlreadyEnforced() {
        when(reports.activeBans(NOW)).thenReturn(List.of(ban("203.0.113.1", 2, STRIKE2), ban("203.0.113.2", 2, STRIKE2)));
        when(jails.held(STRIKE2)).thenReturn(List.of(IpPrefix.parse("203.0.113.2")));

        Reconciled r = reconcile.reconcile(new ReconcileCommand(NOW));

        verify(enforcement).enforce(List.of(command(STRIKE2, "203.0.113.1", Op.BAN)));
        assertEquals(new Reconciled(1, 0, 1, Set.of()), r);
    }

    @Test
    void aTierOffenderStillInAStrikeOneJailIsLiftedFromIt() {
        when(reports.activeBans(NOW)).thenReturn(List.of(ban("203.0.113.3", 3, STRIKE3)));
        when(jails.held(STRIKE3)).thenReturn(List.of(IpPrefix.parse("203.0.113.3")));
        when(jails.held(DOVECOT)).thenReturn(List.of(IpPrefix.parse("203.0.113.3")));

        Reconciled r = reconcile.reconcile(new ReconcileCommand(NOW));

        verify(enforcement).enforce(List.of(command(DOVECOT, "203.0.113.3", Op.UNBAN)));
        assertEquals(new Reconciled(0, 1, 1, Set.of()), r);
    }

    @Test
    void anIpv6AddressInAJailCountsForItsSlash64Offender() {
        when(reports.activeBans(NOW)).thenReturn(List.of(ban("2001:db8:1:2::/64", 2, STRIKE2)));
        when(jails.held(STRIKE2)).thenReturn(List.of(IpPrefix.parse("2001:db8:1:2::1")));

        Reconciled r = reconcile.reconcile(new ReconcileCommand(NOW));

        verify(enforcement, never()).enforce(any());
        assertEquals(new Reconciled(0, 0, 1, Set.of()), r);
    }

    @Test
    void aBanWhoseJailDoesNotRunIsKeptPendingAndTheJailReported() {
        when(jails.runningJails()).thenReturn(Set.of(POSTFIX, DOVECOT, STRIKE2));
        when(reports.activeBans(NOW)).thenReturn(List.of(ban("203.0.113.4", 3, STRIKE3)));

        Reconciled r = reconcile.reconcile(new ReconcileCommand(NOW));

        verify(enforcement).keep(command(STRIKE3, "203.0.113.4", Op.BAN), "fail2ban has no jail saslfail-strike3");
        verify(enforcement, never()).enforce(any());
        assertEquals(Set.of(STRIKE3), r.missingJails());
    }

    @Test
    void aStoredBanTheIgnoreListNowSparesIsLiftedNeverReapplied() {
        when(reports.activeBans(NOW)).thenReturn(List.of(ban("192.168.1.9", 2, STRIKE2), ban("192.168.1.10", 2, STRIKE2)));
        when(jails.held(STRIKE2)).thenReturn(List.of(IpPrefix.parse("192.168.1.9")));

        Reconciled r = reconcile.reconcile(new ReconcileCommand(NOW));

        verify(enforcement).enforce(List.of(command(STRIKE2, "192.168.1.9", Op.UNBAN)));
        assertEquals(new Reconciled(0, 1, 0, Set.of()), r);
    }

    @Test
    void whatTheJailsDidNotTakeIsNotCounted() {
        when(reports.activeBans(NOW)).thenReturn(List.of(ban("203.0.113.5", 2, STRIKE2)));
        when(enforcement.enforce(any())).thenReturn(List.of());

        assertEquals(new Reconciled(0, 0, 0, Set.of()), reconcile.reconcile(new ReconcileCommand(NOW)));
    }
}
