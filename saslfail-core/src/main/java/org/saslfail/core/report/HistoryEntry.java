package org.saslfail.core.report;

import java.time.Instant;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/**
 * One recorded event: {@code action} is {@code ban}, {@code restore-ban} or {@code unban};
 * {@code result} is the {@link org.saslfail.core.model.Outcome.Result#id()}; {@code strike}
 * is 0 when the event earned no strike.
 */
public record HistoryEntry(Instant at, IpAddress ip, IpPrefix offender, String action, int strike, JailName jail,
                           String result) {
}
