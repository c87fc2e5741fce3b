package org.saslfail.core.legacy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.policy.EarlyLift;
import org.saslfail.core.policy.EscalationPolicy;

/**
 * Turns legacy rows, in file order, into outcomes: {@code ban} rows are offenses at the strike
 * the original gave them (banned for that ladder step, enforced by saslfail's jail of that strike),
 * restore rows are never offenses, {@code unban} ends the offender's running ban of that strike.
 * Rows must come in file order; the importer remembers each offender's latest offense.
 */
public final class LegacyImporter {
    private final EscalationPolicy policy;
    private final Map<IpPrefix, Offense> latest = new HashMap<>();

    public LegacyImporter(EscalationPolicy policy) {
        this.policy = policy;
    }

    public Outcome convert(LegacyRow row) {
        IpPrefix offender = policy.offenderOf(row.ip());
        BanEvent.Kind kind = switch (row.action()) {
            case "ban" -> BanEvent.Kind.BAN;
            case "restore-ban" -> BanEvent.Kind.RESTORE;
            default -> BanEvent.Kind.UNBAN;
        };
        BanEvent event = new BanEvent(kind, row.jail(), row.ip(), row.at());
        Optional<IpPrefix> ignoredBy = policy.ignoredBy(row.ip());
        if (ignoredBy.isPresent()) {
            return new Outcome(event, Result.IGNORED, offender, row.service(), null, "ignored by " + ignoredBy.get());
        }
        switch (row.action()) {
            case "ban" -> {
                Optional<Duration> length = policy.banLength(row.strike());
                int strike = Math.min(row.strike(), policy.ladder().size());
                JailName jail = row.strike() == 1 && length.isPresent()
                        ? (row.service() == org.saslfail.core.model.Service.DOVECOT ? EscalationPolicy.DOVECOT_JAIL
                                : EscalationPolicy.POSTFIX_JAIL)
                        : policy.tierJail(row.strike());
                Offense offense = new Offense(offender, row.ip(), row.service(), strike, jail, row.at(),
                        length.map(row.at()::plus).orElse(null), null);
                latest.put(offender, offense);
                return new Outcome(event, Result.OFFENSE, offender, row.service(), offense, "imported strike " + strike);
            }
            case "unban" -> {
                Offense running = latest.get(offender);
                if (running != null && running.activeAt(row.at()) && running.strike() == Math.min(row.strike(), policy.ladder().size())
                        && EarlyLift.isEarly(running, row.at())) {
                    Offense lifted = running.liftedAt(row.at());
                    latest.put(offender, lifted);
                    return new Outcome(event, Result.UNBAN, offender, row.service(), lifted, "imported unban");
                }
                return new Outcome(event, Result.UNBAN, offender, row.service(), null, "imported unban");
            }
            case "restore-ban" -> {
                return new Outcome(event, Result.RESTORE, offender, row.service(), null, "imported restore");
            }
            default -> {
                return new Outcome(event, Result.UNBAN, offender, row.service(), null, "imported " + row.action());
            }
        }
    }

    /** Converts a batch of rows in order. */
    public List<Outcome> convertAll(List<LegacyRow> rows) {
        List<Outcome> out = new ArrayList<>(rows.size());
        for (LegacyRow r : rows) {
            out.add(convert(r));
        }
        return out;
    }
}
