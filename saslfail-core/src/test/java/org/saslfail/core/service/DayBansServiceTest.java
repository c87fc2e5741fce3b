package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.port.in.DayBansUseCase.DayBansQuery;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.report.BanPage;

class DayBansServiceTest {
    private final SummaryQueryPort summaries = mock(SummaryQueryPort.class);
    private final BanPage page = new BanPage(List.of(), 0);

    @Test
    void aDayIsTheLocalCalendarDayEvenWhenTheClocksChange() {
        // 29 March 2026 in Berlin has 23 hours: from 23:00 UTC the day before to 22:00 UTC
        when(summaries.newBans(eq(Instant.parse("2026-03-28T23:00:00Z")), eq(Instant.parse("2026-03-29T22:00:00Z")),
                eq(1), eq(Integer.MAX_VALUE), eq(false), anyInt())).thenReturn(page);

        assertSame(page, new DayBansService(summaries).bans(
                new DayBansQuery(LocalDate.of(2026, 3, 29), ZoneId.of("Europe/Berlin"))));
    }

    @Test
    void everyStrikeAndEveryBanOfTheDayIsAsked() {
        when(summaries.newBans(eq(Instant.parse("2026-11-30T00:00:00Z")), eq(Instant.parse("2026-12-01T00:00:00Z")),
                eq(1), eq(Integer.MAX_VALUE), anyBoolean(), eq(Integer.MAX_VALUE))).thenReturn(page);

        assertSame(page, new DayBansService(summaries).bans(new DayBansQuery(LocalDate.of(2026, 11, 30), ZoneId.of("UTC"))));
    }
}
