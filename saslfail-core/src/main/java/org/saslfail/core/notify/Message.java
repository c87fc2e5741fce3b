package org.saslfail.core.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to send, before rendering: a plain-text subject, its recipients, and titled
 * sections of lines. {@code key} identifies it so that the outbox never queues it twice.
 * A summary message also carries its {@link SummaryReport} (for charts and warnings); an
 * alert has none.
 */
public record Message(Kind kind, String key, String subject, List<String> recipients, Instant createdAt,
                      List<Section> sections, SummaryReport summary) {

    /** What the message is. */
    public enum Kind { ALERT, DAILY_SUMMARY, WEEKLY_SUMMARY }

    /** A titled block of lines; lines are raw text (renderers escape them). */
    public record Section(String title, List<String> lines) {
        public Section {
            Objects.requireNonNull(title, "title");
            lines = List.copyOf(lines);
        }
    }

    public Message {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(createdAt, "createdAt");
        recipients = List.copyOf(recipients);
        sections = List.copyOf(sections);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("message " + key + " has no recipient");
        }
    }

    public Optional<SummaryReport> summaryOpt() {
        return Optional.ofNullable(summary);
    }
}
