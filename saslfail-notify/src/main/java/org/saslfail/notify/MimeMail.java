package org.saslfail.notify;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import org.saslfail.core.model.Texts;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.port.out.MailDeliveryException;

/** Builds the MIME form of a rendered mail: multipart/alternative, text then HTML, both UTF-8. */
final class MimeMail {
    private MimeMail() {
    }

    static MimeMessage build(Session session, RenderedMail mail) {
        try {
            InternetAddress from = address(mail.from());
            MimeMessage m = new FixedIdMessage(session, messageId(mail.key(), from.getAddress()));
            m.setFrom(from);
            for (String to : mail.to()) {
                m.addRecipient(RecipientType.TO, address(to));
            }
            m.setSubject(Sanitize.subject(mail.subject()), "us-ascii");
            m.setSentDate(new Date());
            m.setHeader("Auto-Submitted", "auto-generated");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), "UTF-8", "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            m.setContent(alternative);
            m.saveChanges();
            return m;
        } catch (MessagingException e) {
            throw new MailDeliveryException("cannot build mail " + Texts.quoteShort(mail.key()) + ": " + e.getMessage(), e);
        }
    }

    /** One address, strictly parsed after control characters are removed. */
    static InternetAddress address(String text) {
        try {
            InternetAddress a = new InternetAddress(Sanitize.header(text), true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw new MailDeliveryException("bad mail address " + Texts.quoteShort(text) + ": " + e.getMessage(), e);
        }
    }

    /** The same key always gives the same Message-ID, so a duplicate would be recognisable. */
    static String messageId(String key, String fromAddress) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            String domain = fromAddress.substring(fromAddress.indexOf('@') + 1);
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + ".saslfail@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Keeps our Message-ID instead of the random one {@code saveChanges} would set. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
