package org.saslfail.notify;

import org.saslfail.core.service.OutboxDispatcher;
import org.saslfail.core.service.NotificationService;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import jakarta.mail.Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.config.Settings;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.notify.Messages;
import org.saslfail.core.notify.NotificationPlanner;
import org.saslfail.core.notify.SummaryRequest;
import org.saslfail.core.port.in.NotifyUseCase;
import org.saslfail.core.port.in.SummaryUseCase;
import org.saslfail.core.port.out.MailDeliveryException;
import org.saslfail.core.port.out.MailPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.ServiceStatusPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;
import org.saslfail.core.port.out.AlertWindowPort;
import org.saslfail.core.testing.FixedServiceStatus;
import org.saslfail.core.testing.FixedSummaryQuery;
import org.saslfail.core.testing.InMemoryAlertWindow;
import org.saslfail.core.testing.InMemoryOutbox;
import org.saslfail.core.testing.TestClock;

/** Delivers through the real local Postfix into a real mbox and reads every message back. */
class PostfixDeliveryIT {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String SENDMAIL = "/usr/sbin/sendmail";
    private static LocalMailbox box;

    // Tuesday 2026-06-09 10:00 local
    private final TestClock clock = new TestClock(Instant.parse("2026-06-09T08:00:00Z"), BERLIN);
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final FixedSummaryQuery store = new FixedSummaryQuery();

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

    @BeforeEach
    void emptyMailbox() throws Exception {
        box.clear();
        SummaryRequest week = SummaryRequest.weekly(LocalDate.parse("2026-06-08"), BERLIN);
        store.answer(Samples.week(week.from(), week.to()), Samples.perDay(week.firstDay()));
    }

    private Settings settings(String mode) {
        return Settings.defaults().with("notify.mode", mode).with("notify.to", box.address())
                .with("notify.smtp.host", "127.0.0.1");
    }

    private NotificationService service(Settings settings, MailPort mta, boolean fail2banRunning) {
        NotifySettings s = NotifySettings.of(settings);
        return new NotificationService(new NotificationPlanner(s.mode(), BERLIN, clock.instant()),
                new Messages(s.to(), BERLIN), new MailRenderer(s.from()), outbox, new OutboxDispatcher(outbox, mta, clock),
                mta, store, new FixedServiceStatus(fail2banRunning, true),
                new Escalator(EscalationPolicy.defaults()), clock, (o, u) -> { }, 100, new InMemoryAlertWindow());
    }

    /** Postfix may deliver in any order: the one mail whose subject starts so. */
    private static ParsedMail bySubject(List<ParsedMail> mails, String prefix) {
        List<ParsedMail> found = mails.stream().filter(m -> m.subject().startsWith(prefix)).toList();
        assertEquals(1, found.size(), "mails with subject " + prefix + "...: " + found.size());
        return found.get(0);
    }

    private void assertAddressedOnlyToTheBox(ParsedMail m) throws Exception {
        Address[] to = m.message().getAllRecipients();
        assertEquals(1, to.length);
        assertEquals(box.address(), to[0].toString());
        assertNull(m.header("Bcc"));
        assertNull(m.header("Cc"));
        assertTrue(m.contentType().startsWith("multipart/alternative"), m.contentType());
        assertEquals(2, m.partCount());
    }

    @Test
    void smartModeSendsTheFirstBansOfAWindowInOneAlertAndLeavesStrikeTwoToTheSummary() throws Exception {
        NotificationService s = service(settings("smart"), new SmtpMailer(NotifySettings.of(settings("smart"))), true);
        s.tick(); // yesterday's summary, due since 00:05
        s.notice(Samples.outcome("203.0.113.1", 1, clock.instant()), List.of("alice", "admin"));
        s.notice(Samples.outcome("203.0.113.2", 1, clock.instant().plusSeconds(30)), List.of());
        s.notice(Samples.outcome("198.51.100.9", 3, clock.instant().plusSeconds(60)), List.of());
        s.notice(Samples.outcome("198.51.100.10", 2, clock.instant().plusSeconds(60)), List.of());
        s.tick();
        clock.advance(Duration.ofMinutes(5));
        s.tick();

        List<ParsedMail> mails = box.await(2);
        assertEquals(2, mails.size());
        ParsedMail summary = bySubject(mails, "saslfail daily summary 2026-06-08: 412 new bans");
        assertAddressedOnlyToTheBox(summary);
        assertTrue(summary.text().contains("== Bans per day =="), summary.text());
        assertTrue(summary.html().contains("bgcolor=\"#e53935\""));
        assertFalse(summary.html().contains("NOT being enforced"));

        ParsedMail alert = bySubject(mails, "saslfail: 3 bans");
        assertAddressedOnlyToTheBox(alert);
        assertTrue(alert.text().contains("203.0.113.1  strike 1  postfix"), alert.text());
        assertTrue(alert.text().contains("users: \"alice\" \"admin\""), alert.text());
        assertTrue(alert.text().contains("198.51.100.9  strike 3"), alert.text());
        assertFalse(alert.text().contains("198.51.100.10"), alert.text());
        assertTrue(alert.html().contains("203.0.113.2"));
        assertTrue(alert.header("Message-ID").endsWith(".saslfail@localhost>"));
    }

    @Test
    void aWaveOfAThousandFirstBansInTenMinutesArrivesAsAtMostThreeMailsNamingEveryAddress() throws Exception {
        NotificationService s = service(settings("smart"), new SmtpMailer(NotifySettings.of(settings("smart"))), true);
        s.tick(); // yesterday's summary
        box.await(1);
        box.clear();
        Instant start = clock.instant();
        Instant wake = s.tick();
        java.util.Set<String> addresses = new java.util.TreeSet<>();
        for (int i = 0; i < 1000; i++) {
            Instant at = start.plusMillis(i * 600L);
            while (!wake.isAfter(at)) {
                clock.set(wake);
                wake = s.tick();
            }
            clock.set(at);
            String ip = "198.18." + (i / 250) + "." + (i % 250 + 1);
            addresses.add(ip);
            s.notice(Samples.outcome(ip, 1, at), List.of("user" + i));
            wake = s.tick();
        }
        clock.set(start.plus(Duration.ofMinutes(20)));
        s.tick();
        List<ParsedMail> mails = box.await(1);
        Thread.sleep(1000);
        mails = box.await(box.read().size());
        assertTrue(mails.size() <= 3, "mails: " + mails.size());
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (ParsedMail m : mails) {
            assertAddressedOnlyToTheBox(m);
            text.append(m.text());
            html.append(m.html());
        }
        for (String ip : addresses) {
            assertTrue(text.indexOf(ip + "  strike 1") >= 0, "text lacks " + ip);
            assertTrue(html.indexOf(ip + "  strike 1") >= 0, "html lacks " + ip);
        }
    }

    @Test
    void immediateModeSendsOneMessagePerBan() throws Exception {
        NotificationService s = service(settings("immediate"), new SmtpMailer(NotifySettings.of(settings("immediate"))), true);
        s.notice(Samples.outcome("203.0.113.7", 1, clock.instant()), List.of());
        s.notice(Samples.outcome("203.0.113.8", 2, clock.instant()), List.of());
        s.tick();
        List<ParsedMail> mails = box.await(2);
        assertEquals(List.of("saslfail: strike-1 ban of 203.0.113.7", "saslfail: strike-2 ban of 203.0.113.8"),
                mails.stream().map(ParsedMail::subject).sorted().toList());
        for (ParsedMail m : mails) {
            assertAddressedOnlyToTheBox(m);
        }
        assertTrue(bySubject(mails, "saslfail: strike-2").html().contains("203.0.113.8  strike 2  postfix"));
    }

    @Test
    void dailyModeSummaryWarnsLoudlyWhenFail2banIsNotRunning() throws Exception {
        NotificationService s = service(settings("daily"), new SmtpMailer(NotifySettings.of(settings("daily"))), false);
        s.notice(Samples.outcome("203.0.113.7", 1, clock.instant()), List.of());
        s.tick();
        List<ParsedMail> mails = box.await(1);
        assertEquals(1, mails.size());
        ParsedMail m = mails.get(0);
        assertEquals("WARNING not enforcing - saslfail daily summary 2026-06-08: 412 new bans", m.subject());
        assertAddressedOnlyToTheBox(m);
        assertTrue(m.text().startsWith(m.subject() + "\n\n!!! WARNING: bans are NOT being enforced !!!"), m.text());
        assertTrue(m.html().contains("fail2ban is NOT RUNNING"));
        assertTrue(m.text().contains("New strike-3 bans (1)") && m.text().contains("198.51.100.23  strike 3"), m.text());
    }

    @Test
    void weeklyModeThroughTheSendmailBinaryAsWiredByTheGuiceModule() throws Exception {
        Settings settings = settings("weekly").with("notify.sendmail", SENDMAIL);
        clock.set(Instant.parse("2026-06-14T22:05:00Z")); // Monday 15 June 00:05 local
        Injector injector = Guice.createInjector(new NotifyModule(), NotifyModule.delivery(settings), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Settings.class).toInstance(settings);
                bind(Clock.class).toInstance(clock);
                bind(OutboxPort.class).toInstance(outbox);
                bind(SummaryQueryPort.class).toInstance(store);
                bind(ServiceStatusPort.class).toInstance(new FixedServiceStatus(true, true));
                bind(EscalationPolicy.class).toInstance(EscalationPolicy.defaults());
                bind(TriedUsernamesPort.class).toInstance((o, u) -> { });
                bind(AlertWindowPort.class).toInstance(new InMemoryAlertWindow());
            }
        });
        assertTrue(injector.getInstance(MailPort.class) instanceof SendmailMailer);
        Instant next = injector.getInstance(NotifyUseCase.class).tick();
        assertEquals(Instant.parse("2026-06-21T22:05:00Z"), next);
        injector.getInstance(SummaryUseCase.class).mail(SummaryRequest.daily(LocalDate.parse("2026-06-14"), BERLIN),
                List.of(box.address()));

        List<ParsedMail> mails = box.await(2);
        assertEquals(2, mails.size());
        ParsedMail week = bySubject(mails, "saslfail weekly summary 2026-06-08 to 2026-06-14: 412 new bans");
        assertAddressedOnlyToTheBox(week);
        assertEquals(6, week.html().split("bgcolor=\"#e53935\"", -1).length - 1, "one bar per day with bans");
        assertTrue(week.text().contains("  2026-06-10 WED " + "#".repeat(40) + " 121"), week.text());
        assertTrue(week.text().contains("2001:db8:1::/64  3 offenses"));
        bySubject(mails, "saslfail daily summary 2026-06-14: 412 new bans");
        assertEquals(0, outbox.pending());
    }

    @Test
    void aHostileUsernameArrivesInertBySmtpAndBySendmail() throws Exception {
        Settings settings = settings("immediate");
        List<MailPort> mtas = List.of(new SmtpMailer(NotifySettings.of(settings)), new SendmailMailer(SENDMAIL));
        for (MailPort mta : mtas) {
            NotificationService s = service(settings, mta, true);
            s.notice(Samples.outcome("203.0.113.66", 1, clock.instant()), List.of(Samples.HOSTILE_USER));
            s.tick();
            clock.advance(Duration.ofSeconds(1));
        }
        List<ParsedMail> mails = box.await(2);
        assertEquals(2, mails.size());
        for (byte[] raw : box.read()) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("\nBcc:"), text);
            assertEquals(1, text.split("\nTo: ", -1).length - 1, text);
        }
        for (ParsedMail m : mails) {
            assertAddressedOnlyToTheBox(m);
            assertEquals("saslfail: strike-1 ban of 203.0.113.66", m.subject());
            assertTrue(m.html().contains("&lt;script&gt;x&lt;/script&gt;\\u000d\\u000aBcc: v@example.org\\u000d\\u000a~!sh ~.\\u000a"),
                    m.html());
            assertFalse(m.html().contains("<script"));
            assertTrue(m.text().contains("\"<script>x</script>\\u000d\\u000aBcc: v@example.org\\u000d\\u000a~!sh ~.\\u000a\""),
                    m.text());
        }
    }

    /** Notices a strike-1 ban of {@code ip} and ticks, relaying as alice with the password in a file of {@code perms}. */
    private Path noticeWithPasswordFile(Path dir, String perms, String ip) throws Exception {
        Path password = Files.writeString(dir.resolve("smtp.password"), "secret\n");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        Settings auth = settings("immediate").with("notify.smtp.user", "alice")
                .with("notify.smtp.password_file", password.toString());
        NotificationService s = service(auth, new SmtpMailer(NotifySettings.of(auth)), true);
        s.notice(Samples.outcome(ip, 1, clock.instant()), List.of());
        s.tick();
        return password;
    }

    @Test
    void smtpAuthenticationWithThePasswordFileDelivers(@TempDir Path dir) throws Exception {
        noticeWithPasswordFile(dir, "rw-------", "203.0.113.21");
        assertEquals(0, outbox.pending());
        ParsedMail m = box.await(1).get(0);
        assertEquals("saslfail: strike-1 ban of 203.0.113.21", m.subject());
        assertAddressedOnlyToTheBox(m);
    }

    @Test
    void aPasswordFileOthersMayReadIsRefusedAndTheMailStaysQueued(@TempDir Path dir) throws Exception {
        Path password = noticeWithPasswordFile(dir, "rw-r--r--", "203.0.113.23");
        assertEquals(1, outbox.pending());
        assertTrue(outbox.lastError(1).contains("notify.smtp.password_file " + password + ": group or others may read it"),
                outbox.lastError(1));
        Thread.sleep(1000);
        assertTrue(box.read().isEmpty());
    }

    @Test
    void requiredStarttlsNeverFallsBackToPlaintext() throws Exception {
        // the test-bed Postfix offers no TLS: the mail must stay queued, not go out in clear
        Settings tls = settings("immediate").with("notify.smtp.starttls", "true");
        NotificationService s = service(tls, new SmtpMailer(NotifySettings.of(tls)), true);
        s.notice(Samples.outcome("203.0.113.22", 1, clock.instant()), List.of());
        s.tick();
        assertEquals(1, outbox.pending());
        assertTrue(outbox.lastError(1).contains("STARTTLS"), outbox.lastError(1));
        Thread.sleep(1000);
        assertTrue(box.read().isEmpty());
    }

    @Test
    void mailWaitsInTheOutboxWhileTheServerIsUnreachableAndIsDeliveredOnceLater() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Settings down = settings("immediate").with("notify.smtp.port", Integer.toString(closedPort));
        NotificationService s = service(down, new SmtpMailer(NotifySettings.of(down)), true);
        s.notice(Samples.outcome("203.0.113.99", 1, clock.instant()), List.of());
        Instant retry = s.tick();
        assertEquals(1, outbox.pending());
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), retry);
        assertTrue(outbox.lastError(1).contains(":" + closedPort), outbox.lastError(1));
        assertThrows(MailDeliveryException.class, () -> new SmtpMailer(NotifySettings.of(down))
                .deliver(outbox.due(Instant.MAX, 1).get(0).mail()));
        clock.advance(Duration.ofMinutes(1));
        s.tick();
        assertEquals(1, outbox.pending());
        assertEquals(1, outbox.due(Instant.MAX, 1).get(0).attempts() - 1);

        // the server is back (the port is right again): a dispatcher over the same outbox delivers it once
        OutboxDispatcher back = new OutboxDispatcher(outbox, new SmtpMailer(NotifySettings.of(settings("immediate"))), clock);
        assertEquals(0, back.dispatch());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, back.dispatch());
        assertEquals(0, back.dispatch());
        s.tick();
        assertEquals(0, outbox.pending());
        List<ParsedMail> mails = box.await(1);
        Thread.sleep(1000);
        assertEquals(1, box.read().size(), "delivered exactly once");
        assertEquals("saslfail: strike-1 ban of 203.0.113.99", mails.get(0).subject());
        assertArrayEquals(new String[] {mails.get(0).header("Message-ID")},
                mails.get(0).message().getHeader("Message-ID"));
    }
}
