package org.saslfail.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.saslfail.core.config.Settings;
import org.saslfail.core.config.SettingsParser;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.port.in.NotifyUseCase;
import org.saslfail.core.port.out.EventLog;

/** The collaborator's contract with NotifyUseCase: what it notices, and that it ticks when asked. */
class NotificationsTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private final StringWriter log = new StringWriter();
    /** The daemon's log lines, as the CLI's daemon log writes them (level, then the message). */
    private final EventLog eventLog = new EventLog() {
        @Override
        public void info(String message) {
            log.append("INFO ").append(message).append('\n');
        }

        @Override
        public void warn(String message) {
            log.append("WARN ").append(message).append('\n');
        }

        @Override
        public void error(String message, Throwable cause) {
            log.append("ERROR ").append(message).append('\n');
        }
    };

    /** Records what it is told; its ticks ask to be called again {@code again} later, {@code soon} times. */
    private static final class Recording implements NotifyUseCase {
        final List<String> calls = new ArrayList<>();
        final CountDownLatch ticks;
        final Duration again;
        int soon;

        Recording(int expectedTicks, Duration again, int soon) {
            this.ticks = new CountDownLatch(expectedTicks);
            this.again = again;
            this.soon = soon;
        }

        @Override
        public synchronized void notice(Outcome outcome, List<String> usernames) {
            calls.add("notice " + outcome.offender() + " " + usernames);
        }

        @Override
        public synchronized Instant tick() {
            calls.add("tick");
            ticks.countDown();
            return soon-- > 0 ? CLOCK.instant().plus(again) : CLOCK.instant().plus(Duration.ofDays(1));
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }
    }

    private Notifications notifications(NotifyUseCase notify) {
        return new Notifications(notify, o -> List.of("user-of-" + o.offender()), CLOCK,
                eventLog);
    }

    private static Outcome outcome(String ip, Outcome.Result result) {
        Instant at = Instant.parse("2026-06-09T08:00:00Z");
        BanEvent e = BanEvent.ban("saslfail-postfix", ip, at);
        IpPrefix p = IpPrefix.parse(ip);
        Offense o = new Offense(p, e.ip(), Service.POSTFIX, 1, JailName.of("saslfail-postfix"), at, at.plusSeconds(3600), null);
        return new Outcome(e, result, p, Service.POSTFIX, result == Outcome.Result.OFFENSE || result == Outcome.Result.REPEAT ? o : null, "");
    }

    @Test
    void startTicksAndEveryTickIsFollowedByOneAtTheInstantItReturned() throws Exception {
        Recording notify = new Recording(4, Duration.ofMillis(20), 3);
        try (Notifications n = notifications(notify)) {
            n.start();
            assertTrue(notify.ticks.await(30, TimeUnit.SECONDS), "ticks: " + notify.calls());
        }
        assertEquals(List.of("tick", "tick", "tick", "tick"), notify.calls());
    }

    @Test
    void offensesAreNoticedBeforeTheTickAndRepeatsAreNot() throws Exception {
        Recording notify = new Recording(2, Duration.ZERO, 0);
        try (Notifications n = notifications(notify)) {
            n.start();
            waitUntil("the first tick", Duration.ofSeconds(30), () -> n.scheduledFor().isPresent());
            n.offer(List.of(outcome("203.0.113.1", Outcome.Result.OFFENSE), outcome("203.0.113.2", Outcome.Result.REPEAT),
                    outcome("203.0.113.3", Outcome.Result.DUPLICATE)));
            assertTrue(notify.ticks.await(30, TimeUnit.SECONDS), "ticks: " + notify.calls());
        }
        List<String> calls = notify.calls();
        assertEquals(List.of("tick", "notice 203.0.113.1 [user-of-203.0.113.1]", "tick"), calls);
    }

    /** What a tick may throw: an exception (a locked store) or an Error (a deep recursion); each has its log line. */
    static Stream<Arguments> tickFailures() {
        return Stream.of(Arguments.of(new IllegalStateException("store is locked"), "store is locked"),
                Arguments.of(new StackOverflowError(), "StackOverflowError"));
    }

    @ParameterizedTest
    @MethodSource("tickFailures")
    void aFailingTickIsLoggedInOneLineAndTheNextTickIsStillScheduled(Throwable failure, String logged) throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        NotifyUseCase broken = new NotifyUseCase() {
            @Override
            public void notice(Outcome outcome, List<String> usernames) {
            }

            @Override
            public Instant tick() {
                failed.countDown();
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            }
        };
        try (Notifications n = notifications(broken)) {
            n.start();
            assertTrue(failed.await(30, TimeUnit.SECONDS));
            waitUntil("the retry is scheduled", Duration.ofSeconds(30), () -> n.scheduledFor().isPresent());
        }
        assertTrue(log.toString().contains("ERROR notifications failed, trying again in 1m 00s: " + logged), log.toString());
    }

    @Test
    void aNoticeWhoseUserNamesThrowAnErrorGoesOutWithoutThemAndTheLogSaysWhy() throws Exception {
        Recording notify = new Recording(2, Duration.ofMillis(20), 1);
        try (Notifications n = new Notifications(notify, o -> {
            throw new StackOverflowError();
        }, CLOCK, eventLog)) {
            n.start();
            n.offer(List.of(outcome("203.0.113.9", Outcome.Result.OFFENSE)));
            assertTrue(notify.ticks.await(30, TimeUnit.SECONDS), "ticks: " + notify.calls());
            waitUntil("the notice is sent", Duration.ofSeconds(30),
                    () -> notify.calls().contains("notice 203.0.113.9 []"));
        }
        assertTrue(log.toString().contains("WARN notice for 203.0.113.9 goes out without the tried user names: StackOverflowError"),
                log.toString());
    }

    @Test
    void offNoticesNothingAndNeverTicks() {
        Notifications off = Notifications.off();
        off.start();
        off.offer(List.of(outcome("203.0.113.1", Outcome.Result.OFFENSE)));
        off.wake();
        off.close();
        assertTrue(off.scheduledFor().isEmpty());
    }

    private static Settings settings(String mode, String to) {
        return SettingsParser.parse("test.conf", ("notify.mode = " + mode + "\nnotify.to = " + to + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aReloadedConfigurationTakesItsNotifySettingsAndNoticesGoToTheNewUseCase() throws Exception {
        Recording first = new Recording(1, Duration.ofDays(1), 0);
        Recording second = new Recording(1, Duration.ofDays(1), 0);
        java.util.Map<String, Recording> byRecipient = java.util.Map.of("old@example.org", first, "new@example.org", second);
        Settings start = settings("smart", "old@example.org");
        try (Notifications n = Notifications.reconfigurable(start, s -> byRecipient.get(s.require("notify.to")),
                o -> List.of(), CLOCK, eventLog)) {
            n.start();
            assertTrue(first.ticks.await(30, TimeUnit.SECONDS), "first ticks: " + first.calls());
            n.reconfigured(settings("immediate", "new@example.org"));
            assertTrue(second.ticks.await(30, TimeUnit.SECONDS), "the new use case ticks at once: " + second.calls());
            n.offer(List.of(outcome("203.0.113.7", Outcome.Result.OFFENSE)));
            waitUntil("the notice reaches the new use case", Duration.ofSeconds(30),
                    () -> second.calls().contains("notice 203.0.113.7 []"));
        }
        assertEquals(List.of("tick"), first.calls(), "the old use case is told nothing after the reload");
        assertTrue(log.toString().contains("INFO reload: notifications immediate to new@example.org"), log.toString());
    }

    @Test
    void aReloadSwitchesNotificationsOffAndOnAgain() throws Exception {
        Recording on = new Recording(1, Duration.ofDays(1), 0);
        try (Notifications n = Notifications.reconfigurable(settings("none", "a@example.org"),
                s -> s.require("notify.mode").equals("none") ? null : on, o -> List.of(), CLOCK, eventLog)) {
            n.start();
            n.offer(List.of(outcome("203.0.113.1", Outcome.Result.OFFENSE)));
            assertTrue(n.scheduledFor().isEmpty(), "off: never ticked");
            n.reconfigured(settings("smart", "a@example.org"));
            assertTrue(on.ticks.await(30, TimeUnit.SECONDS), "switched on by the reload");
            n.reconfigured(settings("none", "a@example.org"));
            waitUntil("switched off again", Duration.ofSeconds(30), () -> n.scheduledFor().isEmpty());
            n.offer(List.of(outcome("203.0.113.2", Outcome.Result.OFFENSE)));
            n.wake();
        }
        assertEquals(List.of("tick"), on.calls(), "nothing noticed while off");
        assertTrue(log.toString().contains("INFO reload: notifications off (notify.mode = none)"), log.toString());
    }

    @Test
    void aReloadWhoseNotifySettingsCannotBeUsedKeepsTheRunningOnes() throws Exception {
        Recording running = new Recording(1, Duration.ofDays(1), 0);
        Settings start = settings("smart", "a@example.org");
        try (Notifications n = Notifications.reconfigurable(start, s -> {
            if (s != start) {
                throw new IllegalArgumentException("notify.smtp.password_file: /nope does not exist");
            }
            return running;
        }, o -> List.of(), CLOCK, eventLog)) {
            n.start();
            assertTrue(running.ticks.await(30, TimeUnit.SECONDS));
            n.reconfigured(settings("immediate", "b@example.org"));
            n.offer(List.of(outcome("203.0.113.3", Outcome.Result.OFFENSE)));
            waitUntil("the running use case still takes notices", Duration.ofSeconds(30),
                    () -> running.calls().contains("notice 203.0.113.3 []"));
        }
        assertTrue(log.toString().contains("ERROR reload: notifications keep their running settings: "
                + "notify.smtp.password_file: /nope does not exist"), log.toString());
    }

    private static void waitUntil(String what, Duration max, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
