package org.saslfail.notify;

import org.saslfail.exec.SecretFile;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.saslfail.core.model.Texts;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.port.out.MailDeliveryException;
import org.saslfail.core.port.out.MailPort;

/** Delivers by SMTP (host, port, optional STARTTLS and authentication from notify.smtp.*). */
final class SmtpMailer implements MailPort {
    private static final String TIMEOUT_MS = "20000";
    private final NotifySettings settings;
    private final Session session;

    SmtpMailer(NotifySettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.smtpHost());
        p.setProperty("mail.smtp.port", Integer.toString(settings.smtpPort()));
        p.setProperty("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.setProperty("mail.smtp.timeout", TIMEOUT_MS);
        p.setProperty("mail.smtp.writetimeout", TIMEOUT_MS);
        p.setProperty("mail.smtp.from", MimeMail.address(settings.from()).getAddress());
        if (settings.starttls()) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (settings.smtpUser() != null) {
            p.setProperty("mail.smtp.auth", "true");
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public void deliver(RenderedMail mail) {
        MimeMessage m = MimeMail.build(session, mail);
        try {
            if (settings.smtpUser() != null) {
                Transport.send(m, settings.smtpUser(), password());
            } else {
                Transport.send(m);
            }
        } catch (MessagingException e) {
            throw new MailDeliveryException("SMTP " + settings.smtpHost() + ":" + settings.smtpPort()
                    + " did not take mail " + Texts.quoteShort(mail.key()) + ": " + Texts.quoteShort(e.getMessage()), e);
        }
    }

    private String password() {
        if (settings.passwordFile() == null) {
            throw new MailDeliveryException("notify.smtp.user is set but notify.smtp.password_file is not");
        }
        try {
            return SecretFile.firstLine(settings.passwordFile());
        } catch (SecretFile.RefusedException e) {
            throw new MailDeliveryException("notify.smtp.password_file " + e.getMessage(), e);
        }
    }
}
