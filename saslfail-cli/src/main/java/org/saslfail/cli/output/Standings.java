package org.saslfail.cli.output;

import java.util.List;
import org.saslfail.core.model.Durations;
import org.saslfail.core.report.Standing;

/**
 * How {@code show} and {@code report by-ip} print an offender's standing (the core's
 * {@code Escalator#standing}) in text: one figure under shared history, one per service under
 * per-service. The JSON form is {@link JsonSchema#standing}.
 */
public final class Standings {
    private Standings() {
    }

    static String nextBan(Standing s) {
        return s.nextPermanent() ? "permanent" : Durations.format(s.nextBan());
    }

    /** "2 count, next strike 3 (32d)", or per service "postfix: 2 count, next strike 3 (32d); dovecot: …". */
    public static String text(List<Standing> standings) {
        StringBuilder sb = new StringBuilder();
        for (Standing s : standings) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            if (s.service() != null) {
                sb.append(s.service().id()).append(": ");
            }
            sb.append(s.counting()).append(" count, next strike ").append(s.nextStrike()).append(" (").append(nextBan(s)).append(')');
        }
        return sb.toString();
    }

    /** A table cell: "3" under shared history, "postfix 3, dovecot 1" under per-service. */
    public static String cell(List<Standing> standings, boolean nextStrike) {
        if (standings.size() == 1 && standings.get(0).service() == null) {
            return String.valueOf(nextStrike ? standings.get(0).nextStrike() : standings.get(0).counting());
        }
        StringBuilder sb = new StringBuilder();
        for (Standing s : standings) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.service().id()).append(' ').append(nextStrike ? s.nextStrike() : s.counting());
        }
        return sb.toString();
    }
}
