package org.saslfail.notify;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** A mail read back with jakarta.mail and taken apart: headers, the text part, the HTML part. */
public record ParsedMail(MimeMessage message, String subject, String contentType, String text, String html) {

    public static ParsedMail parse(byte[] raw) {
        return parse(new ByteArrayInputStream(raw));
    }

    static ParsedMail parse(InputStream raw) {
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), raw);
            Multipart alt = (Multipart) m.getContent();
            String text = null;
            String html = null;
            for (int i = 0; i < alt.getCount(); i++) {
                BodyPart p = alt.getBodyPart(i);
                if (p.isMimeType("text/plain")) {
                    text = ((String) p.getContent()).replace("\r\n", "\n");
                } else if (p.isMimeType("text/html")) {
                    html = ((String) p.getContent()).replace("\r\n", "\n");
                }
            }
            return new ParsedMail(m, m.getSubject(), m.getContentType(), text, html);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot parse mail: " + e.getMessage(), e);
        }
    }

    public String header(String name) {
        try {
            String[] v = message.getHeader(name);
            return v == null ? null : String.join("\n", v);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public int partCount() {
        try {
            return ((Multipart) message.getContent()).getCount();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
