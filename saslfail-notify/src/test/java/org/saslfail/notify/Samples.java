package org.saslfail.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.OffenderStat;

/** Figures and outcomes shared by the tests of this module. */
final class Samples {
    /** A user name an attacker might try: header injection, markup and mail(1) tilde escapes, under 60 chars. */
    static final String HOSTILE_USER = "<script>x</script>\r\nBcc: v@example.org\r\n~!sh ~.\n";

    private Samples() {
    }

    static Offense offense(String offender, int strike, Instant at) {
        IpPrefix p = IpPrefix.parse(offender);
        return new Offense(p, p.network(), Service.POSTFIX, strike, JailName.of("saslfail-strike" + strike), at,
                at.plus(Duration.ofDays(strike == 1 ? 2 : strike == 2 ? 8 : 32)), null);
    }

    static Outcome outcome(String ip, int strike, Instant at) {
        Offense o = offense(ip, strike, at);
        return new Outcome(BanEvent.ban("saslfail-postfix", ip, at), Outcome.Result.OFFENSE, o.offender(),
                Service.POSTFIX, o, "");
    }

    static BanSummary week(Instant from, Instant to) {
        Instant mid = from.plus(Duration.ofDays(3));
        return new BanSummary(from, to, 412, Map.of(1, 380L, 2, 25L, 3, 7L), Map.of("postfix", 350L, "dovecot", 62L),
                398, Map.of(1, 290L, 2, 41L, 3, 19L),
                List.of(offense("198.51.100.23", 3, mid), offense("198.51.100.77", 2, mid.plusSeconds(3600))),
                List.of(offense("203.0.113.0/24", 1, mid.plusSeconds(7200))),
                List.of(offense("192.0.2.55", 1, mid.plusSeconds(600))),
                List.of(new OffenderStat(IpPrefix.parse("198.51.100.23"), 5, 3, from.minus(Duration.ofDays(90)), mid),
                        new OffenderStat(IpPrefix.parse("2001:db8:1::/64"), 3, 3, from.minus(Duration.ofDays(20)), mid)));
    }

    static Map<LocalDate, Long> perDay(LocalDate monday) {
        long[] counts = {34, 58, 121, 47, 0, 89, 63};
        Map<LocalDate, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            m.put(monday.plusDays(i), counts[i]);
        }
        return m;
    }

    static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }
}
