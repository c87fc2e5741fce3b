package org.saslfail.notify;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.port.out.MailDeliveryException;

/** A sendmail that hangs is killed at its limit: the mail stays in the outbox, the daemon goes on. */
class SendmailLimitTest {
    @TempDir Path dir;

    private Path script(String body) throws IOException {
        Path f = dir.resolve("sendmail");
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }

    private static RenderedMail mail() {
        return new RenderedMail("k1", "saslfail@localhost", List.of("root@localhost"), "subject", "text", "<p>html</p>");
    }

    @Test
    void aSendmailThatReadsThenHangsIsStoppedAtItsLimit() throws IOException {
        SendmailMailer mailer = new SendmailMailer(script("cat >/dev/null; echo queued; exec sleep 60").toString(), Duration.ofSeconds(1));
        MailDeliveryException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(MailDeliveryException.class, () -> mailer.deliver(mail())));
        assertTrue(e.getMessage().contains("did not finish within 1 s"), e.getMessage());
    }

    @Test
    void aSendmailThatNeverReadsItsInputIsStoppedAtItsLimit() throws IOException {
        SendmailMailer mailer = new SendmailMailer(script("exec sleep 60").toString(), Duration.ofSeconds(1));
        MailDeliveryException e = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> assertThrows(MailDeliveryException.class, () -> mailer.deliver(mail())));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void aFailingSendmailSaysWhat() throws IOException {
        SendmailMailer mailer = new SendmailMailer(script("cat >/dev/null; echo 'no such user' >&2; exit 67").toString(), Duration.ofSeconds(10));
        MailDeliveryException e = assertThrows(MailDeliveryException.class, () -> mailer.deliver(mail()));
        assertTrue(e.getMessage().contains("exited with 67") && e.getMessage().contains("no such user"), e.getMessage());
    }
}
