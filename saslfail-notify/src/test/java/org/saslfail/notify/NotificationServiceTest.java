package org.saslfail.notify;

import org.saslfail.core.service.OutboxDispatcher;
import org.saslfail.core.service.NotificationService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.notify.Messages;
import org.saslfail.core.notify.NotificationPlanner;
import org.saslfail.core.notify.NotifyMode;
import org.saslfail.core.notify.SummaryRequest;
import org.saslfail.core.testing.FixedServiceStatus;
import org.saslfail.core.testing.FixedSummaryQuery;
import org.saslfail.core.testing.InMemoryAlertWindow;
import org.saslfail.core.testing.InMemoryOutbox;
import org.saslfail.core.testing.RecordingMailPort;
import org.saslfail.core.testing.TestClock;

class NotificationServiceTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    // Tuesday 10:00 local
    private final TestClock clock = new TestClock(Instant.parse("2026-06-09T08:00:00Z"), BERLIN);
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final InMemoryAlertWindow window = new InMemoryAlertWindow();
    private final RecordingMailPort mta = new RecordingMailPort();
    private final FixedSummaryQuery store = new FixedSummaryQuery();

    private NotificationService service(NotifyMode mode) {
        return service(mode, new FixedServiceStatus(true, true));
    }

    private NotificationService service(NotifyMode mode, FixedServiceStatus status) {
        return service(mode, status, outbox, mta);
    }

    private NotificationService service(NotifyMode mode, FixedServiceStatus status, InMemoryOutbox outbox,
                                        RecordingMailPort mta) {
        return new NotificationService(new NotificationPlanner(mode, BERLIN, clock.instant()),
                new Messages(List.of("root@localhost"), BERLIN), new MailRenderer("saslfail@localhost"), outbox,
                new OutboxDispatcher(outbox, mta, clock), mta, store, status,
                new Escalator(EscalationPolicy.defaults()), clock, (o, u) -> { }, 100, window);
    }

    @Test
    void aFreshDaemonSendsNoSummaryOfADayBeforeItRanAndItsFirstSummaryIsNoFalseAlarm() {
        for (NotifyMode mode : List.of(NotifyMode.SMART, NotifyMode.DAILY)) {
            InMemoryOutbox outbox = new InMemoryOutbox();
            RecordingMailPort mta = new RecordingMailPort();
            clock.set(Instant.parse("2026-06-09T08:00:00Z"));
            // first started just now on a fresh store: no heartbeat yet, so the daemon does not look "running"
            FixedServiceStatus fresh = new FixedServiceStatus(true, false, Optional.of(clock.instant()), Optional.empty(),
                    Optional.empty());
            NotificationService s = service(mode, fresh, outbox, mta);
            Instant wake = s.tick();
            assertEquals(List.of(), mta.delivered(), mode + ": yesterday was not watched, nothing true to say about it");
            assertEquals(Instant.parse("2026-06-09T22:05:00Z"), wake, "the next summary is tonight's");
            clock.set(wake);
            s.tick();
            assertEquals(1, mta.delivered().size(), mode + ": the first watched day is summarised");
            String subject = mta.delivered().get(0).subject();
            assertEquals("saslfail daily summary 2026-06-09: 0 new bans", subject, mode + ": sent by the daemon, so it runs");
            assertTrue(!mta.delivered().get(0).text().contains("NOT RUNNING"), mta.delivered().get(0).text());
        }
    }

    @Test
    void aSummaryAskedForFromTheCommandLineStillSaysWhenTheDaemonIsDownAndSinceWhen() {
        FixedServiceStatus down = new FixedServiceStatus(true, false, Optional.of(Instant.EPOCH), Optional.empty(),
                Optional.of(Instant.parse("2026-06-08T20:00:00Z")));
        String text = service(NotifyMode.DAILY, down).text(SummaryRequest.daily(LocalDate.parse("2026-06-08"), BERLIN), true);
        assertTrue(text.contains("the saslfail daemon is NOT RUNNING (last seen 2026-06-08 22:00 CEST)"), text);
    }

    @Test
    void aPrintedSummaryWarnsOfThisMachinesHealthOnlyWhenLiveAndCarriesNoMailSignature() {
        NotificationService s = service(NotifyMode.NONE, new FixedServiceStatus(false, false));
        SummaryRequest today = SummaryRequest.daily(LocalDate.parse("2026-06-09"), BERLIN);
        String live = s.text(today, true);
        assertTrue(live.contains("fail2ban is NOT RUNNING") && live.startsWith("WARNING not enforcing"), live);
        String past = s.text(SummaryRequest.daily(LocalDate.parse("2026-03-22"), BERLIN), false);
        assertFalse(past.contains("WARNING") || past.contains("NOT RUNNING"), past);
        assertFalse(live.contains("-- \nsaslfail") || past.contains("-- \nsaslfail"), "a printed report is no mail");
    }

    @Test
    void smartModeMailsTheFirstBansOfAWindowTogetherFiveMinutesLater() {
        NotificationService s = service(NotifyMode.SMART);
        s.tick(); // the start-up catch-up summary of yesterday
        assertEquals(1, mta.delivered().size());
        s.notice(Samples.outcome("203.0.113.1", 1, clock.instant()), List.of("alice"));
        s.notice(Samples.outcome("203.0.113.2", 1, clock.instant()), List.of());
        s.notice(Samples.outcome("203.0.113.3", 2, clock.instant()), List.of());
        Instant wake = s.tick();
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), wake);
        clock.set(wake);
        s.tick();
        assertEquals(2, mta.delivered().size());
        String text = mta.delivered().get(1).text();
        assertTrue(text.contains("203.0.113.1  strike 1  postfix") && text.contains("\"alice\""), text);
        assertTrue(text.contains("203.0.113.2") && !text.contains("203.0.113.3"), text);
    }

    @Test
    void aRestartInsideTheSmartWindowSendsItsFirstBansWhenTheWindowCloses() {
        NotificationService before = service(NotifyMode.SMART);
        before.tick();
        Instant banned = clock.instant();
        before.notice(Samples.outcome("203.0.113.1", 1, banned), List.of("alice"));
        before.notice(Samples.outcome("203.0.113.3", 2, banned), List.of());
        assertEquals(1, window.held().size(), "the first ban is kept, the strike-2 ban waits for the summary");

        clock.set(banned.plus(Duration.ofMinutes(2))); // the daemon restarts: a new service over the same store
        NotificationService after = service(NotifyMode.SMART);
        assertEquals(banned.plus(Duration.ofMinutes(5)), after.tick(), "the restored window closes when it would have");
        assertEquals(1, mta.delivered().size(), "only the start-up summary so far");
        clock.set(banned.plus(Duration.ofMinutes(5)));
        after.tick();
        assertEquals(2, mta.delivered().size());
        String text = mta.delivered().get(1).text();
        assertTrue(text.contains("203.0.113.1  strike 1  postfix") && text.contains("\"alice\""), text);
        assertTrue(window.held().isEmpty(), "released once the alert is in the outbox");
        after.tick();
        assertEquals(2, mta.delivered().size(), "sent once");
    }

    @Test
    void noticesLeftInTheWindowAreReleasedWhenTheModeIsNoLongerSmart() {
        NotificationService before = service(NotifyMode.SMART);
        before.notice(Samples.outcome("203.0.113.1", 1, clock.instant()), List.of());
        NotificationService daily = service(NotifyMode.DAILY);
        daily.tick();
        assertTrue(window.held().isEmpty());
        assertTrue(mta.delivered().stream().noneMatch(m -> m.text().contains("203.0.113.1  strike 1")),
                "no alert: the daily summary has it");
    }

    @Test
    void theDailySummaryAsksTheStoreForTheLocalDayAndASevenDayChart() {
        NotificationService s = service(NotifyMode.DAILY);
        s.tick();
        Instant[] asked = store.asked().get(0);
        assertEquals(Instant.parse("2026-06-07T22:00:00Z"), asked[0]);
        assertEquals(Instant.parse("2026-06-08T22:00:00Z"), asked[1]);
        assertEquals("daily-2026-06-08", outbox.due(Instant.MIN, 1).isEmpty() ? mta.delivered().get(0).key() : "");
        String text = s.text(SummaryRequest.daily(LocalDate.parse("2026-06-08"), BERLIN), false);
        assertEquals(7, text.lines().filter(l -> l.matches("  2026-06-0[2-8] [A-Z]{3} .*")).count(), text);
    }
}
