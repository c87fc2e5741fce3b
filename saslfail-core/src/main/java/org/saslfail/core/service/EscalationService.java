package org.saslfail.core.service;

import java.util.List;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.RecordBanUseCase;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;

/**
 * Decides each event against the stored history, records it exactly once, and moves an
 * offender past strike 1 into its tier jail (lifting it from the strike-1 jail).
 */
public final class EscalationService implements RecordBanUseCase {
    private final Escalator escalator;
    private final LoadHistoryPort history;
    private final RecordOutcomePort recorder;
    private final JailGateway jails;

    public EscalationService(Escalator escalator, LoadHistoryPort history, RecordOutcomePort recorder, JailGateway jails) {
        this.escalator = escalator;
        this.history = history;
        this.recorder = recorder;
        this.jails = jails;
    }

    @Override
    public Outcome record(BanEvent event) {
        Outcome outcome;
        if (history.seen(event.key())) {
            outcome = duplicate(event);
        } else {
            List<Offense> known = history.history(escalator.policy().offenderOf(event.ip()), escalator.historySince(event.at()));
            outcome = escalator.decide(event, known);
            if (!recorder.record(outcome)) {
                outcome = duplicate(event);
            }
        }
        if (outcome.result() == Result.OFFENSE && !outcome.offense().jail().equals(event.jail())) {
            jails.ban(outcome.offense().jail(), outcome.offender());
            jails.unban(event.jail(), event.ip().asPrefix());
        }
        return outcome;
    }

    private Outcome duplicate(BanEvent event) {
        return new Outcome(event, Result.DUPLICATE, escalator.policy().offenderOf(event.ip()), null, null, "seen before");
    }
}
