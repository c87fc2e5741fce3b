package org.saslfail.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Outcome.Result;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.ReplayUseCase.Ban;
import org.saslfail.core.port.in.ReplayUseCase.Blank;
import org.saslfail.core.port.in.ReplayUseCase.LogLine;
import org.saslfail.core.port.in.ReplayUseCase.ReplayCommand;
import org.saslfail.core.port.in.ReplayUseCase.Replayed;
import org.saslfail.core.port.in.ReplayUseCase.Skipped;
import org.saslfail.core.testing.InMemoryOffenseStore;

/** Replaying logged events: counted on the log's clock, stored, and idempotent. */
class ReplayServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final InMemoryOffenseStore store = new InMemoryOffenseStore();
    private final ReplayService replay = new ReplayService(EscalationPolicy.defaults(), store, store, store);

    private static List<LogLine> log() {
        return List.of(
                new Ban(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0)),
                new Skipped("not a ban line"), new Blank(),
                new Ban(BanEvent.restore("saslfail-postfix", "203.0.113.9", T0.plusSeconds(60))),
                new Ban(BanEvent.ban("saslfail-postfix", "203.0.113.9", T0.plusSeconds(3 * 86400))),
                new Ban(BanEvent.ban("sshd", "198.51.100.1", T0.plusSeconds(3 * 86400 + 5))));
    }

    @Test
    void countsWhatTheEngineDecidedAndWhatWouldHaveBeenEnforced() {
        Replayed r = replay.replay(new ReplayCommand(log().iterator(), Map.of()));
        assertEquals(6, r.lines());
        assertEquals(4, r.events());
        assertEquals(2L, r.results().get(Result.OFFENSE));
        assertEquals(1L, r.results().get(Result.RESTORE));
        assertEquals(1L, r.results().get(Result.NOT_WATCHED));
        assertEquals(Map.of(1, 1L, 2, 1L), r.byStrike());
        assertEquals(1, r.enforced(), "the second offense moves to saslfail-strike2");
        assertEquals(Map.of("not a ban line", 1L), r.skipped());
        assertEquals(T0.plusSeconds(3 * 86400 + 5), r.last());
        assertEquals(1, r.active().size());
    }

    @Test
    void bansInSaslfailsOwnTierJailsAreCountedApartFromOtherJails() {
        Replayed r = replay.replay(new ReplayCommand(List.<LogLine>of(
                new Ban(BanEvent.ban("saslfail-strike2", "198.51.100.2", T0)),
                new Ban(BanEvent.ban("sshd", "198.51.100.1", T0))).iterator(), Map.of()));
        assertEquals(1, r.tierJailBans());
        assertEquals(1L, r.results().get(Result.NOT_WATCHED), "only sshd is another jail");
    }

    @Test
    void replayingTheSameLogAgainChangesNothing() {
        replay.replay(new ReplayCommand(log().iterator(), Map.of()));
        Replayed again = replay.replay(new ReplayCommand(log().iterator(), Map.of()));
        assertEquals(4L, again.results().get(Result.DUPLICATE), "every event, the unwatched one included");
        assertEquals(null, again.results().get(Result.OFFENSE));
    }

    @Test
    void chosenJailsReplaceTheConfiguredStrikeOneJails() {
        Replayed r = replay.replay(new ReplayCommand(log().iterator(), Map.of(JailName.of("sshd"), Service.POSTFIX)));
        assertEquals(1L, r.results().get(Result.OFFENSE));
        assertEquals(2L, r.results().get(Result.NOT_WATCHED), "the saslfail-postfix bans");
        assertEquals(1L, r.results().get(Result.RESTORE), "a restore is never an offense, whatever its jail");
    }

    @Test
    void withoutChosenJailsReplayReadsSaslfailsAndTheOlderJailNamesWhateverTheServices() {
        EscalationPolicy postfixOnly = EscalationPolicy.defaults()
                .withStrikeOneJails(EscalationPolicy.strikeOneJails(List.of(Service.POSTFIX)));
        ReplayService onlyPostfix = new ReplayService(postfixOnly, store, store, store);
        Replayed r = onlyPostfix.replay(new ReplayCommand(List.<LogLine>of(
                new Ban(BanEvent.ban("postfix-sasl-first", "203.0.113.7", T0)),
                new Ban(BanEvent.ban("dovecot", "203.0.113.8", T0)),
                new Ban(BanEvent.ban("saslfail-dovecot", "203.0.113.10", T0))).iterator(), Map.of()));
        assertEquals(3L, r.results().get(Result.OFFENSE));
    }
}
