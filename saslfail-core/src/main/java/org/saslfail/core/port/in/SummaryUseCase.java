package org.saslfail.core.port.in;

import java.util.List;
import org.saslfail.core.notify.SummaryReport;
import org.saslfail.core.notify.SummaryRequest;

/** Daily and weekly summaries on demand, for {@code saslfail report daily|weekly}. */
public interface SummaryUseCase {

    /**
     * The summary's facts, as the mail shows them (for {@code --json}). Only a {@code live} summary
     * (the running period of this machine's own store) states whether bans are being enforced;
     * a past period or another store's says nothing about the health of the machine printing it.
     */
    SummaryReport report(SummaryRequest request, boolean live);

    /** The summary as plain text, for the console: no mail signature; {@code live} as for {@link #report}. */
    String text(SummaryRequest request, boolean live);

    /**
     * Mails the summary to {@code to} now, bypassing the outbox so the caller learns of failure.
     *
     * @throws org.saslfail.core.port.out.MailDeliveryException when the MTA did not take it
     */
    void mail(SummaryRequest request, List<String> to);
}
