package org.saslfail.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.saslfail.core.model.Texts;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.port.out.MailDeliveryException;
import org.saslfail.core.port.out.MailPort;
import org.saslfail.exec.ChildProcess;

/**
 * Delivers through the {@code sendmail} binary, started with an argument list (never a shell):
 * {@code sendmail -i -f FROM -- TO...}, the MIME message on its standard input.
 */
final class SendmailMailer implements MailPort {
    private static final long WAIT_SECONDS = 60;
    private static final int MAX_OUTPUT = 2000;
    private final String binary;
    private final Session session = Session.getInstance(new Properties());

    private final Duration limit;

    SendmailMailer(String binary) {
        this(binary, Duration.ofSeconds(WAIT_SECONDS));
    }

    /** @param limit how long sendmail may take before it is killed and the mail stays in the outbox */
    SendmailMailer(String binary, Duration limit) {
        this.binary = binary;
        this.limit = limit;
    }

    @Override
    public void deliver(RenderedMail mail) {
        List<String> command = new ArrayList<>(List.of(binary, "-i", "-f", MimeMail.address(mail.from()).getAddress(), "--"));
        for (String to : mail.to()) {
            command.add(MimeMail.address(to).getAddress());
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            MimeMail.build(session, mail).writeTo(message);
        } catch (IOException | MessagingException e) {
            throw new MailDeliveryException("cannot build mail " + Texts.quoteShort(mail.key()) + ": " + e.getMessage(), e);
        }
        ChildProcess.Result r;
        try {
            r = ChildProcess.run(command, message.toByteArray(), limit, MAX_OUTPUT);
        } catch (IOException e) {
            throw new MailDeliveryException("cannot start " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailDeliveryException("interrupted while " + binary + " ran", e);
        }
        if (r.timedOut()) {
            throw new MailDeliveryException(binary + " did not finish within " + limit.toSeconds() + " s and was stopped");
        }
        if (r.code() != 0) {
            throw new MailDeliveryException(binary + " exited with " + r.code() + " for mail "
                    + Texts.quoteShort(mail.key()) + ": " + Texts.quoteShort(r.output().strip()));
        }
    }

}
