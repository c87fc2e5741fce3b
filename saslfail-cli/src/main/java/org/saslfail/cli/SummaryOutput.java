package org.saslfail.cli;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import org.saslfail.core.config.Keys;
import org.saslfail.core.model.Texts;
import org.saslfail.core.notify.SummaryRequest;
import org.saslfail.core.port.in.SummaryUseCase;
import picocli.CommandLine.Option;

/**
 * What {@code report daily} and {@code report weekly} share: {@code --mail}, reading a date
 * argument, and printing the summary or mailing it (a delivery failure is a runtime error, exit 1).
 */
final class SummaryOutput {
    @Option(names = "--mail", paramLabel = "ADDRESS",
            description = "Mail the summary (plain text + HTML) to ADDRESS through the configured MTA instead of printing it.")
    String mail;

    /** Checks --mail before anything is opened, so a bad address is a usage error (exit 2). */
    void validate() {
        if (mail != null) {
            try {
                Keys.all().get("notify.to").check().accept(mail);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--mail: not an e-mail address: " + Texts.quoteShort(mail));
            }
        }
    }

    static LocalDate date(String option, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new UsageException(option + ": cannot read date " + Texts.quoteShort(text) + " (use 2026-03-01)");
        }
    }

    /** Prints the summary, or mails it and says so. */
    void emit(App app, SummaryRequest request, String what, PrintWriter out) {
        SummaryUseCase summaries = app.requireExistingStore().get(SummaryUseCase.class);
        if (mail == null) {
            out.print(summaries.text(request));
            out.flush();
            return;
        }
        summaries.mail(request, List.of(mail));
        out.println(what + " mailed to " + mail);
    }
}
