package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.policy.CountingWindow;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.RepeatOffendersUseCase.RepeatOffendersQuery;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.report.HistoryEntry;
import org.saslfail.core.report.HistoryQuery;
import org.saslfail.core.report.LeftOut;
import org.saslfail.core.report.OffenderStat;

/** The report queries over a mocked store: the policy's window and refusals are applied in the core. */
class ReportQueryServiceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final ReportQueryPort reports = mock(ReportQueryPort.class);
    private final ReportQueryService queries = new ReportQueryService(EscalationPolicy.defaults(), reports);

    private static OffenderStat stat(String offender) {
        return new OffenderStat(IpPrefix.parse(offender), 3, 3, NOW.minusSeconds(86400), NOW);
    }

    @Test
    void repeatOffendersCountWithinForgetAfterForAllServicesWhenNoSinceIsGiven() {
        CountingWindow window = new CountingWindow(NOW.minus(Duration.ofDays(365)), NOW, null);
        when(reports.repeatOffenders(2, 3, window)).thenReturn(List.of(stat("203.0.113.1")));

        assertEquals(List.of(stat("203.0.113.1")), queries.repeatOffenders(new RepeatOffendersQuery(2, 3, null, NOW)));
        verify(reports, never()).repeatOffenders(anyInt(), anyInt(), any(Instant.class));
    }

    @Test
    void repeatOffendersCountFromSinceWhenGiven() {
        Instant since = NOW.minus(Duration.ofDays(30));
        when(reports.repeatOffenders(2, 3, since)).thenReturn(List.of(stat("203.0.113.2")));

        assertEquals(List.of(stat("203.0.113.2")), queries.repeatOffenders(new RepeatOffendersQuery(2, 3, since, NOW)));
    }

    @Test
    void anOffenderThePolicyMayNeverBanIsLeftOffTheList() {
        Instant since = NOW.minus(Duration.ofDays(30));
        when(reports.repeatOffenders(2, 3, since)).thenReturn(List.of(stat("192.168.1.9"), stat("203.0.113.3")));

        assertEquals(List.of(stat("203.0.113.3")), queries.repeatOffenders(new RepeatOffendersQuery(2, 3, since, NOW)));
    }

    private static List<HistoryEntry> entries(int n) {
        return Collections.nCopies(n, new HistoryEntry(NOW, IpAddress.parse("203.0.113.9"),
                IpPrefix.parse("203.0.113.9"), "ban", 1, JailName.of("saslfail-postfix"), "offense"));
    }

    @Test
    void aListingShorterThanItsLimitCountsNothing() {
        HistoryQuery q = new HistoryQuery(null, null, null, 50);
        when(reports.history(q)).thenReturn(entries(7));

        assertEquals(LeftOut.NONE, queries.history(q).leftOut());
        verify(reports, never()).countHistory(any(), anyLong());
    }

    @Test
    void whatAListingLeftOutIsCountedExactlyUpToTheCap() {
        HistoryQuery q = new HistoryQuery(null, null, null, 50);
        when(reports.history(q)).thenReturn(entries(50));
        when(reports.countHistory(q, 50 + LeftOut.COUNT_CAP + 1)).thenReturn(50 + LeftOut.COUNT_CAP);

        assertEquals(LeftOut.exactly(LeftOut.COUNT_CAP), queries.history(q).leftOut());
    }

    @Test
    void pastTheCapAListingSaysMoreThanTheCapInsteadOfCountingOn() {
        HistoryQuery q = new HistoryQuery(null, null, null, 50);
        when(reports.history(q)).thenReturn(entries(50));
        when(reports.countHistory(q, 50 + LeftOut.COUNT_CAP + 1)).thenReturn(50 + LeftOut.COUNT_CAP + 1);

        LeftOut leftOut = queries.history(q).leftOut();
        assertEquals(new LeftOut(LeftOut.COUNT_CAP, false), leftOut);
        assertTrue(leftOut.any());
    }
}
