package org.saslfail.notify;

import org.saslfail.core.service.OutboxDispatcher;
import org.saslfail.core.service.NotificationService;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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

/**
 * Renders a weekly summary's HTML part in headless Chromium and checks the screenshot: the red
 * warning banner and the red chart bars must be drawn. The page and the PNG stay under target/.
 */
class SummaryInChromiumIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WARNING_RED = 0xc62828;
    private static final int BAR_RED = 0xe53935;

    @Test
    void weeklySummaryRendersWithItsWarningAndBarChart() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs chromium (testbed/install-packages.sh)");
        ZoneId zone = ZoneId.of("Europe/Berlin");
        TestClock clock = new TestClock(Instant.parse("2026-06-14T22:05:00Z"), zone);
        SummaryRequest week = SummaryRequest.weekly(LocalDate.parse("2026-06-08"), zone);
        FixedSummaryQuery store = new FixedSummaryQuery().answer(Samples.week(week.from(), week.to()),
                Samples.perDay(week.firstDay()));
        InMemoryOutbox outbox = new InMemoryOutbox();
        RecordingMailPort mta = new RecordingMailPort();
        NotificationService service = new NotificationService(
                new NotificationPlanner(NotifyMode.WEEKLY, zone, clock.instant()),
                new Messages(List.of("root@localhost"), zone), new MailRenderer("saslfail@localhost"), outbox,
                new OutboxDispatcher(outbox, mta, clock), mta, store, new FixedServiceStatus(false, true),
                new Escalator(EscalationPolicy.defaults()), clock, (o, u) -> { }, 100, new InMemoryAlertWindow());

        Path dir = Files.createDirectories(Path.of("target", "chromium"));
        Path html = dir.resolve("weekly-summary.html").toAbsolutePath();
        Path png = dir.resolve("weekly-summary.png").toAbsolutePath();
        Path profile = Files.createTempDirectory("saslfail-chromium");
        Files.writeString(html, new MailRenderer("saslfail@localhost").html(service.summary(week)), StandardCharsets.UTF_8);
        Files.deleteIfExists(png);
        try {
            Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1000,1400", html.toUri().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within 120 s; see " + dir.resolve("chromium.log"));
            }
        } finally {
            LocalMailbox.run("rm", "-rf", "--", profile.toString());
        }
        assertTrue(Files.size(png) > 0, "no screenshot at " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        long warning = 0;
        long bars = 0;
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                warning += rgb == WARNING_RED ? 1 : 0;
                bars += rgb == BAR_RED ? 1 : 0;
                nonWhite += rgb != 0xffffff ? 1 : 0;
            }
        }
        long total = (long) image.getWidth() * image.getHeight();
        assertTrue(nonWhite > total / 10, "screenshot is (nearly) blank: " + nonWhite + " of " + total);
        assertTrue(warning > 10_000, "warning banner not drawn: " + warning + " pixels");
        assertTrue(bars > 5_000, "chart bars not drawn: " + bars + " pixels");
    }
}
