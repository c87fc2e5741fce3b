package org.saslfail.core.notify;

import java.util.List;
import java.util.Objects;

/**
 * A message ready for the MTA: sanitised headers and the two bodies of a multipart/alternative
 * mail. {@code key} is the outbox's idempotency key and the root of the Message-ID.
 */
public record RenderedMail(String key, String from, List<String> to, String subject, String text, String html) {
    public RenderedMail {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        to = List.copyOf(to);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("mail " + key + " has no recipient");
        }
    }
}
