package org.saslfail.core.port.in;

import java.time.LocalDate;
import java.time.ZoneId;
import org.saslfail.core.report.BanPage;

/** Every ban (offense) of one local calendar day, oldest first, for {@code saslfail report by-date --date}. */
public interface DayBansUseCase {

    /** @param day the calendar day; @param zone whose calendar it is */
    record DayBansQuery(LocalDate day, ZoneId zone) {
    }

    /** The day's bans with their known users and the usernames tried; {@code total} counts them all. */
    BanPage bans(DayBansQuery query);
}
