package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.TopOffendersUseCase.OffenderStanding;
import org.saslfail.core.port.in.TopOffendersUseCase.TopOffendersQuery;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.report.OffenderStat;

/** The top offenders over a mocked store: each with the offenses that still count and its next strike. */
class TopOffendersTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final ReportQueryPort reports = mock(ReportQueryPort.class);
    private final ReportService service = new ReportService(EscalationPolicy.defaults(), List.of(Service.POSTFIX), reports);

    private static Offense offense(String ip, int strike, Instant at) {
        return new Offense(IpPrefix.parse(ip), IpAddress.parse(ip), Service.POSTFIX, strike,
                JailName.strikeOne(Service.POSTFIX), at, at.plus(Duration.ofHours(48)), null);
    }

    @Test
    void anOffenderWithTwoCountingOffensesStandsBeforeItsThirdStrike() {
        OffenderStat stat = new OffenderStat(IpPrefix.parse("203.0.113.9"), 3, 2, NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(20)));
        when(reports.byOffender(10)).thenReturn(List.of(stat));
        when(reports.offensesOf(any(), any())).thenReturn(List.of(
                offense("203.0.113.9", 1, NOW.minus(Duration.ofDays(40))), offense("203.0.113.9", 2, NOW.minus(Duration.ofDays(20)))));

        List<OffenderStanding> top = service.top(new TopOffendersQuery(10, NOW)).offenders();

        assertEquals(1, top.size());
        assertEquals(stat, top.get(0).stat());
        assertEquals(2, top.get(0).countingOffenses());
        assertEquals(3, top.get(0).standing().get(0).nextStrike());
    }
}
