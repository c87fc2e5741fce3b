package org.saslfail.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.policy.Retention;
import org.saslfail.core.port.in.PruneUseCase.PruneCommand;
import org.saslfail.core.port.in.PruneUseCase.Pruned;
import org.saslfail.core.service.EscalationService;
import org.saslfail.core.service.PruneService;

/** Issue 11 item 10: the retention prune keeps what still counts, running bans and the totals. */
final class StorePrune {
    static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofDays(500));
    static final int OLD = 3000;

    private StorePrune() {
    }

    /** 3000 offenders of 500 days ago, one of them banned for good then, and one offender of 100 days ago. */
    static void fill(OffenseStore store) {
        EscalationService engine = new EscalationService(new Escalator(EscalationPolicy.defaults()), store, store, DryRunJails.INSTANCE);
        for (int i = 0; i < OLD; i++) {
            String ip = "198.51." + (i / 200) + "." + (i % 200 + 1);
            engine.recordAll(BanEvent.ban("saslfail-postfix", ip, T0.plusSeconds(i)));
            engine.recordAll(BanEvent.restore("saslfail-postfix", ip, T0.plusSeconds(i + 3600)));
        }
        IpPrefix forever = IpPrefix.parse("203.0.113.66");
        BanEvent hand = BanEvent.ban("saslfail-postfix", "203.0.113.66", T0);
        store.record(new Outcome(hand, Outcome.Result.OFFENSE, forever, Service.POSTFIX,
                new Offense(forever, forever.network(), Service.POSTFIX, 3, EscalationPolicy.PERMANENT_JAIL, T0, null, null),
                "banned by hand"));
        engine.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.9", NOW.minus(Duration.ofDays(100))));
    }

    static void pruneKeepsWhatStillMatters(OffenseStore store) {
        fill(store);
        long offensesBefore = store.summary(NOW).offenses();
        PruneService prune = new PruneService(new Retention(Duration.ofDays(395), Duration.ofDays(365)), store);

        int all = store.offensesWithin(IpPrefix.parse("0.0.0.0/0")).size();
        assertTrue(all > OLD + 2, "the old addresses' /24s were banned too: " + all);

        Pruned dry = prune.prune(new PruneCommand(NOW, true));
        assertEquals(all - 2, dry.offenses(), "dry run: offenses that would go (addresses and their /24s)");
        assertTrue(dry.events() >= 2 * OLD, "dry run: their ban and restore events: " + dry.events());
        assertEquals(all, store.offensesWithin(IpPrefix.parse("0.0.0.0/0")).size(), "a dry run deletes nothing");

        Pruned done = prune.prune(new PruneCommand(NOW, false));
        assertEquals(dry.offenses(), done.offenses());
        assertEquals(dry.events(), done.events());
        List<String> left = store.offensesWithin(IpPrefix.parse("0.0.0.0/0")).stream()
                .map(o -> o.offender().toString()).sorted().toList();
        assertEquals(List.of("203.0.113.66", "203.0.113.9"), left, "the permanent ban and the offense that still counts stay");
        assertEquals(offensesBefore, store.summary(NOW).offenses(), "the all-time totals survive the prune");
        assertTrue(store.seen(BanEvent.ban("saslfail-postfix", "203.0.113.66", T0).key()),
                "the event of a running ban stays");
        assertEquals(0, prune.prune(new PruneCommand(NOW, false)).total(), "a second prune finds nothing");
    }
}
