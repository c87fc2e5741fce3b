package org.saslfail.core.port.in;

import java.util.List;
import org.saslfail.core.notify.SummaryReport;
import org.saslfail.core.notify.SummaryRequest;

/** Daily and weekly summaries on demand, for {@code saslfail report daily|weekly}. */
public interface SummaryUseCase {

    /** The summary's facts, as the mail shows them (for {@code --json}). */
    SummaryReport report(SummaryRequest request);

    /** The summary as plain text, for the console. */
    String text(SummaryRequest request);

    /**
     * Mails the summary to {@code to} now, bypassing the outbox so the caller learns of failure.
     *
     * @throws org.saslfail.core.port.out.MailDeliveryException when the MTA did not take it
     */
    void mail(SummaryRequest request, List<String> to);
}
