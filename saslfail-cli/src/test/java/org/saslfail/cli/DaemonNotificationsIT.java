package org.saslfail.cli;

import org.saslfail.core.testing.TestClock;
import org.saslfail.cli.command.CommonOptions;
import org.saslfail.cli.command.DaemonCommand;
import org.saslfail.cli.wiring.App;
import org.saslfail.cli.wiring.DaemonLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.port.out.DecisionListener;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.fail2ban.daemon.Daemon;
import org.saslfail.notify.Notifications;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.NotifyUseCase;
import org.saslfail.core.service.EscalationService;
import org.saslfail.fail2ban.client.DryRunJailGateway;
import org.saslfail.notify.LocalMailbox;
import org.saslfail.notify.ParsedMail;

/**
 * The daemon's notification path as DaemonCommand wires it (App's injector, the real SQLite store
 * and its outbox, the real local Postfix), fed by the escalation engine the daemon runs: in smart
 * mode the first bans of a window and the subnet ban they cause reach a real mailbox in one
 * message once the window closes; with notify.mode = none nothing is queued at all.
 * The clock is the test's: the test plays the timer by moving it and waking the collaborator.
 */
class DaemonNotificationsIT {
    private static LocalMailbox box;

    @TempDir Path dir;
    /**
     * Each test's own clock (it plays the timer) and daemon log. It starts now, or an hour earlier in
     * the half hour before local midnight: a smart window opened then would close after midnight, when
     * the daily summary is due first (the suite run at 23:58 failed two tests so).
     */
    private final Instant t0 = awayFromMidnight(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final TestClock clock = new TestClock(t0, ZoneId.systemDefault());

    private static Instant awayFromMidnight(Instant now) {
        java.time.LocalTime local = now.atZone(ZoneId.systemDefault()).toLocalTime();
        return local.isAfter(java.time.LocalTime.of(23, 30)) ? now.minus(Duration.ofHours(1)) : now;
    }
    private final StringWriter log = new StringWriter();
    private final DaemonLog daemonLog = new DaemonLog(new PrintWriter(log, true), clock);

    @BeforeAll
    static void createMailbox() throws Exception {
        box = LocalMailbox.create();
    }

    @AfterAll
    static void deleteMailbox() throws Exception {
        if (box != null) {
            box.close();
        }
    }

    private App app(String mode, TestClock clock) throws IOException {
        writeConfig(mode);
        CommonOptions options = new CommonOptions();
        options.config = dir.resolve("saslfail.conf");
        return App.open(options, clock);
    }

    private void writeConfig(String mode) throws IOException {
        Path conf = dir.resolve("saslfail.conf");
        Files.write(conf, List.of("database = " + dir.resolve("saslfail.db"),
                "subnet_threshold = 3",
                "fail2ban.socket = " + dir.resolve("no-fail2ban.sock"),
                "notify.mode = " + mode,
                "notify.to = " + box.address(),
                "notify.smtp.host = 127.0.0.1"));
    }

    private long sql(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("saslfail.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The escalation engine the daemon runs, on the App's store, with jail commands dropped. */
    private static EscalationService engine(App app) {
        return new EscalationService(new Escalator(app.settings().policy(List.of())), app.store(), app.store(),
                new DryRunJailGateway());
    }

    /** The first alert in the mailbox, waiting up to 30 s for it. */
    private static ParsedMail awaitAlert(StringWriter log) throws Exception {
        ParsedMail alert = null;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (alert == null && System.nanoTime() < end) {
            alert = box.read().stream().map(ParsedMail::parse).filter(m -> m.subject().startsWith("saslfail: "))
                    .findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertTrue(alert != null, "no alert in " + box.address() + "; daemon log:\n" + log);
        return alert;
    }

    /** Waits until {@code query} counts {@code expected} (a busy database counts as not yet). */
    private void awaitSql(String what, Duration max, String query, long expected) {
        LiveSetup.waitUntil(what, max, () -> {
            try {
                return sql(query) == expected;
            } catch (SQLException e) {
                return false;
            }
        });
    }

    @Test
    void smartModeMailsTheFirstBansAndTheSubnetBanOfAWindowInOneMessage() throws Exception {
        box.clear();
        try (App app = app("smart", clock)) {
            EscalationService engine = engine(app);
            try (Notifications notifications = new Notifications(app.get(NotifyUseCase.class),
                    o -> List.of("alice"), clock, daemonLog)) {
                notifications.start();
                LiveSetup.waitUntil("the first tick", Duration.ofSeconds(20), () -> notifications.scheduledFor().isPresent());
                for (int i = 1; i <= 3; i++) {
                    notifications.offer(engine.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113." + i, t0)));
                }
                // the window of the first ban closes 5 minutes after it: that is when the next tick is due
                LiveSetup.waitUntil("the tick asks to be woken when the window closes", Duration.ofSeconds(20),
                        () -> notifications.scheduledFor().orElseThrow().equals(t0.plus(Duration.ofMinutes(5))));
                assertEquals(0, sql("SELECT count(*) FROM outbox WHERE subject LIKE 'saslfail: %'"), "held for the window");

                clock.advance(Duration.ofMinutes(5));
                notifications.wake();
                awaitSql("the alert is queued", Duration.ofSeconds(20),
                        "SELECT count(*) FROM outbox WHERE subject LIKE 'saslfail: %'", 1);
            }
        }
        ParsedMail alert = awaitAlert(log);
        assertEquals("saslfail: 4 bans", alert.subject());
        assertTrue(alert.contentType().startsWith("multipart/alternative"), alert.contentType());
        for (int i = 1; i <= 3; i++) {
            assertTrue(alert.text().contains("203.0.113." + i + "  strike 1  postfix"), alert.text());
        }
        assertTrue(alert.text().contains("203.0.113.0/24  strike 1"), "the subnet outcome is noticed too: " + alert.text());
        assertTrue(alert.text().contains("users: \"alice\""), alert.text());
        assertTrue(alert.html().contains("203.0.113.0/24"), alert.html());
        assertEquals(1, sql("SELECT count(*) FROM outbox WHERE subject = 'saslfail: 4 bans' AND sent_at_ms IS NOT NULL"));
    }

    @Test
    void aReloadOfTheDaemonTakesTheNewNotifyModeAndTheNextBanIsMailedAtOnce() throws Exception {
        box.clear();
        try (App app = app("none", clock)) {
            Notifications notifications = DaemonCommand.notifications(app, daemonLog);
            try (Daemon daemon = app.daemon(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(EventLog.class).toInstance(daemonLog);
                    Multibinder.newSetBinder(binder(), DecisionListener.class).addBinding().toInstance(notifications);
                }
            })) {
                notifications.start();
                EscalationService engine = engine(app);
                notifications.offer(engine.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.60", clock.instant())));
                assertTrue(notifications.scheduledFor().isEmpty(), "off before the reload");

                writeConfig("immediate");
                daemon.reload(); // what SIGHUP (systemctl reload saslfail) calls
                LiveSetup.waitUntil("the reloaded notifications tick", Duration.ofSeconds(20),
                        () -> notifications.scheduledFor().isPresent());
                notifications.offer(engine.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.61", clock.instant())));
                awaitSql("the ban after the reload is mailed", Duration.ofSeconds(30),
                        "SELECT count(*) FROM outbox WHERE subject LIKE 'saslfail: %' AND sent_at_ms IS NOT NULL", 1);
            } finally {
                notifications.close();
            }
        }
        assertTrue(log.toString().contains("reload: notifications immediate to " + box.address()), log.toString());
        ParsedMail alert = awaitAlert(log);
        assertTrue(alert.text().contains("203.0.113.61"), alert.text());
        assertTrue(!alert.text().contains("203.0.113.60"), "the ban while off is not mailed: " + alert.text());
    }

    @Test
    void aDaemonStoppedInsideTheSmartWindowMailsTheFirstBanAfterItsRestart() throws Exception {
        box.clear();
        try (App app = app("smart", clock)) {
            EscalationService engine = engine(app);
            try (Notifications notifications = DaemonCommand.notifications(app, daemonLog)) {
                notifications.start();
                notifications.offer(engine.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.70", t0)));
                awaitSql("the first ban is held in the store's alert window", Duration.ofSeconds(20),
                        "SELECT count(*) FROM alert_window WHERE offender = '203.0.113.70'", 1);
            }
        } // the daemon stops two minutes into the window
        clock.advance(Duration.ofMinutes(2));
        try (App app = app("smart", clock);
             Notifications notifications = DaemonCommand.notifications(app, daemonLog)) {
            notifications.start();
            LiveSetup.waitUntil("the restarted daemon waits for the window it restored", Duration.ofSeconds(20),
                    () -> notifications.scheduledFor().map(t0.plus(Duration.ofMinutes(5))::equals).orElse(false));
            assertEquals(0, sql("SELECT count(*) FROM outbox WHERE subject LIKE 'saslfail: %'"), "still held");
            clock.advance(Duration.ofMinutes(3));
            notifications.wake();
            awaitSql("the alert is sent after the restart", Duration.ofSeconds(30),
                    "SELECT count(*) FROM outbox WHERE subject LIKE 'saslfail: %' AND sent_at_ms IS NOT NULL", 1);
        }
        assertEquals(0, sql("SELECT count(*) FROM alert_window"), "released once the alert was queued");
        ParsedMail alert = awaitAlert(log);
        assertTrue(alert.text().contains("203.0.113.70  strike 1  postfix"), alert.text());
    }

    @Test
    void modeNoneStartsNothingAndQueuesNothing() throws Exception {
        TestClock clock = new TestClock(Instant.now(), ZoneId.systemDefault());
        StringWriter log = new StringWriter();
        try (App app = app("none", clock)) {
            Notifications notifications = DaemonCommand.notifications(app, new DaemonLog(new PrintWriter(log, true), clock));
            EscalationService engine = engine(app);
            notifications.start();
            notifications.offer(engine.recordAll(BanEvent.ban("saslfail-postfix", "203.0.113.50", clock.instant())));
            notifications.close();
            assertTrue(notifications.scheduledFor().isEmpty(), "never ticked");
        }
        assertTrue(log.toString().contains("notifications off (notify.mode = none)"), log.toString());
        assertEquals(1, sql("SELECT count(*) FROM offenses"));
        assertEquals(0, sql("SELECT count(*) FROM outbox"));
    }
}
