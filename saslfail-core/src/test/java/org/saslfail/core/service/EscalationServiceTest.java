package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;

@ExtendWith(MockitoExtension.class)
class EscalationServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final IpPrefix IP = IpPrefix.parse("203.0.113.9");

    @Mock LoadHistoryPort history;
    @Mock RecordOutcomePort recorder;
    @Mock JailGateway jails;

    @org.junit.jupiter.api.BeforeEach
    void decisionsRunInsideTheirTransaction() {
        org.mockito.Mockito.lenient().when(recorder.serialised(any(), any()))
                .thenAnswer(inv -> {
                    inTransaction = inv.getArgument(0);
                    try {
                        return ((java.util.function.Supplier<?>) inv.getArgument(1)).get();
                    } finally {
                        inTransaction = null;
                    }
                });
    }

    private IpPrefix inTransaction;

    private EscalationService service() {
        return new EscalationService(new Escalator(EscalationPolicy.defaults()), history, recorder, jails);
    }

    @Test
    void firstOffenseStaysInTheStrikeOneJailWithoutTouchingFail2ban() {
        when(history.history(any(), any())).thenReturn(List.of());
        when(recorder.record(any())).thenReturn(true);
        Outcome o = service().record(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        assertEquals(1, o.offense().strike());
        verifyNoInteractions(jails);
    }

    @Test
    void secondOffenseMovesTheAddressToStrikeTwoAndLiftsItFromStrikeOne() {
        Offense first = new Offense(IP, IP.network(), Service.POSTFIX, 1, JailName.of("saslfail-postfix"),
                T0, T0.plusSeconds(48 * 3600), null);
        when(history.history(any(), any())).thenReturn(List.of(first));
        when(recorder.record(any())).thenReturn(true);
        Outcome o = service().record(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plusSeconds(3 * 86400)));
        assertEquals(2, o.offense().strike());
        // the tier ban carries its expiry, so a gateway that times bans out itself ends it with the store's ban
        verify(jails).ban(JailName.of("saslfail-strike2"), IP, T0.plusSeconds(3 * 86400).plus(java.time.Duration.ofDays(8)));
        verify(jails).unban(JailName.of("saslfail-postfix"), IP);
    }

    @Test
    void anEventSeenBeforeIsADuplicateAndChangesNothing() {
        when(history.seen(anyString())).thenReturn(true);
        Outcome o = service().record(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0));
        assertEquals(Result.DUPLICATE, o.result());
        verify(recorder, never()).record(any());
        verifyNoInteractions(jails);
    }

    @Test
    void aKeyRecordedConcurrentlyIsADuplicateAndIsNotEnforced() {
        Offense first = new Offense(IP, IP.network(), Service.POSTFIX, 1, JailName.of("saslfail-postfix"),
                T0, T0.plusSeconds(48 * 3600), null);
        when(history.history(any(), any())).thenReturn(List.of(first));
        when(recorder.record(any())).thenReturn(false);
        Outcome o = service().record(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plusSeconds(3 * 86400)));
        assertEquals(Result.DUPLICATE, o.result());
        verifyNoInteractions(jails);
    }

    @Test
    void theHistoryWindowAskedForIsForgetAfterBeforeTheEvent() {
        when(history.history(any(), any())).thenReturn(List.of());
        when(recorder.record(any())).thenReturn(true);
        service().record(BanEvent.ban("saslfail-postfix", "2001:db8:1:2::7", T0));
        verify(history).history(IpPrefix.parse("2001:db8:1:2::/64"), T0.minusSeconds(365L * 86400));
    }

    @Test
    void historyIsReadAndTheOutcomeRecordedUnderOneLockOnTheOffendersSubnetAndFail2banToldAfter() {
        IpPrefix slash24 = IpPrefix.parse("203.0.113.0/24");
        Offense first = new Offense(IP, IP.network(), Service.POSTFIX, 1, JailName.of("saslfail-postfix"),
                T0, T0.plusSeconds(48 * 3600), null);
        when(history.history(any(), any())).thenAnswer(inv -> {
            assertEquals(slash24, inTransaction, "history read outside the decision's transaction");
            return List.of(first);
        });
        when(recorder.record(any())).thenAnswer(inv -> {
            assertEquals(slash24, inTransaction, "outcome recorded outside the decision's transaction");
            return true;
        });
        org.mockito.Mockito.doAnswer(inv -> {
            assertEquals(null, inTransaction, "fail2ban told before the decision was committed");
            return null;
        }).when(jails).ban(any(), any(), any());
        Outcome o = service().record(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plusSeconds(3 * 86400)));
        assertEquals(2, o.offense().strike());
        verify(jails).ban(JailName.of("saslfail-strike2"), IP, T0.plusSeconds(3 * 86400).plus(java.time.Duration.ofDays(8)));
    }
}
