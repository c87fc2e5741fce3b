package org.saslfail.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.saslfail.core.model.Texts;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.port.out.MailDeliveryException;
import org.saslfail.core.port.out.MailPort;

/**
 * Delivers through the {@code sendmail} binary, started with an argument list (never a shell):
 * {@code sendmail -i -f FROM -- TO...}, the MIME message on its standard input.
 */
final class SendmailMailer implements MailPort {
    private static final long WAIT_SECONDS = 60;
    private static final int MAX_OUTPUT = 2000;
    private final String binary;
    private final Session session = Session.getInstance(new Properties());

    SendmailMailer(String binary) {
        this.binary = binary;
    }

    @Override
    public void deliver(RenderedMail mail) {
        List<String> command = new ArrayList<>(List.of(binary, "-i", "-f", MimeMail.address(mail.from()).getAddress(), "--"));
        for (String to : mail.to()) {
            command.add(MimeMail.address(to).getAddress());
        }
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new MailDeliveryException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                MimeMail.build(session, mail).writeTo(in);
            }
            String output = read(p.getInputStream());
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new MailDeliveryException(binary + " did not finish within " + WAIT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new MailDeliveryException(binary + " exited with " + p.exitValue() + " for mail "
                        + Texts.quoteShort(mail.key()) + ": " + Texts.quoteShort(output.strip()));
            }
        } catch (IOException | MessagingException e) {
            throw new MailDeliveryException("cannot hand mail to " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailDeliveryException("interrupted while " + binary + " ran", e);
        } finally {
            p.destroy();
        }
    }

    private static String read(InputStream out) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[1024];
        int n;
        while ((n = out.read(chunk)) > 0) {
            if (buf.size() < MAX_OUTPUT) {
                buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
