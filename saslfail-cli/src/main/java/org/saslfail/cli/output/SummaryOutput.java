package org.saslfail.cli.output;

import org.saslfail.cli.UsageException;
import org.saslfail.cli.wiring.App;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saslfail.core.config.Keys;
import org.saslfail.core.model.Texts;
import org.saslfail.core.notify.Message;
import org.saslfail.core.notify.SummaryLists;
import org.saslfail.core.notify.SummaryReport;
import org.saslfail.core.notify.SummaryRequest;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.report.ListedBan;
import org.saslfail.core.port.in.SummaryUseCase;
import org.saslfail.core.report.BanSummary;
import picocli.CommandLine.Option;

/**
 * What {@code report daily} and {@code report weekly} share: {@code --mail}, reading a date
 * argument, and printing the summary or mailing it (a delivery failure is a runtime error, exit 1).
 */
public final class SummaryOutput {
    @Option(names = "--mail", paramLabel = "ADDRESS",
            description = "Mail the summary (plain text + HTML) to ADDRESS through the configured MTA instead of printing it.")
    String mail;

    /** Checks --mail before anything is opened, so a bad address is a usage error (exit 2). */
    public void validate() {
        if (mail != null) {
            try {
                Keys.all().get("notify.to").check().accept(mail);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--mail: not an e-mail address: " + Texts.quoteShort(mail));
            }
        }
    }

    public static LocalDate date(String option, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new UsageException(option + ": cannot read date " + Texts.quoteShort(text) + " (use 2026-03-01)");
        }
    }

    /**
     * Prints the summary (as text or JSON), or mails it and says so. Only the live summary (the
     * period running {@code now}, of this machine's own store) states whether bans are being
     * enforced; a mailed summary is always live, as the daemon mails it.
     */
    public void emit(App app, SummaryRequest request, String what, PrintWriter out, boolean json, Instant now) {
        if (json && mail != null) {
            throw new UsageException("--json and --mail do not go together: the mail is text and HTML");
        }
        app.requireExistingStore();
        boolean live = !now.isBefore(request.from()) && now.isBefore(request.to()) && app.isLiveStore();
        if (json) {
            out.println(Json.write(json(app, request, live)));
            return;
        }
        SummaryUseCase summaries = app.get(SummaryUseCase.class);
        if (mail == null) {
            out.print(summaries.text(request, live));
            out.flush();
            return;
        }
        summaries.mail(request, List.of(mail));
        out.println(what + " mailed to " + mail);
    }

    /** The figures of the summary in the one JSON schema ({@link JsonSchema}); health only when live. */
    private static Map<String, Object> json(App app, SummaryRequest r, boolean live) {
        SummaryReport report = app.get(SummaryUseCase.class).report(r, live);
        BanSummary s = report.figures();
        Map<String, Object> m = JsonSchema.document(r.kind() == Message.Kind.DAILY_SUMMARY ? "report daily" : "report weekly");
        m.put("first_day", r.firstDay().toString());
        m.put("last_day", r.lastDay().toString());
        m.put("time_zone", r.zone().getId());
        m.put("from", r.from());
        m.put("to", r.to());
        m.put("fail2ban_running", live ? report.fail2banRunning() : null);
        m.put("fail2ban_down_since", live ? report.fail2banDownSince() : null);
        m.put("daemon_running", live ? report.daemonRunning() : null);
        m.put("daemon_last_seen", live ? report.daemonLastSeen() : null);
        m.put("offenses", s.newBans());
        m.put("offenses_by_strike", JsonSchema.strikes(s.newBansByStrike()));
        m.put("offenses_by_service", new TreeMap<>(s.newBansByService()));
        m.put("unique_offenders", s.uniqueAddresses());
        m.put("active_bans", s.activeBans());
        m.put("active_bans_by_strike", JsonSchema.strikes(s.activeBansByStrike()));
        m.put("repeat_offenses", s.repeatBans().stream().map(JsonSchema::offense).toList());
        m.put("subnet_offenses", s.subnetBans().stream().map(JsonSchema::offense).toList());
        m.put("lifted_early", s.liftedBans().stream().map(JsonSchema::offense).toList());
        m.put("spared_subnets", report.spared().stream().map(JsonSchema::spared).toList());
        SummaryLists lists = report.lists();
        m.put("list_limit", lists.limit());
        if (r.kind() == Message.Kind.DAILY_SUMMARY) {
            m.put("offenses_list_by_strike", strikePagesJson(lists.newByStrike()));
            m.put("active_bans_list_by_strike", strikePagesJson(lists.activeByStrike()));
        } else {
            m.put("repeat_bans_list", pageJson(lists.repeatBans()));
        }
        m.put("known_user_bans", pageJson(lists.knownUserBans()));
        m.put("top_offenders", s.topOffenders().stream().map(JsonSchema::offender).toList());
        // the report's chart may reach back before the period (a daily summary charts a week)
        m.put("per_day", report.perDay().stream()
                .filter(d -> !d.day().isBefore(r.firstDay()) && !d.day().isAfter(r.lastDay()))
                .map(JsonSchema::day).toList());
        return m;
    }

    /** One listed ban: the offense, its known users and the names tried. */
    public static Map<String, Object> banJson(ListedBan b) {
        Map<String, Object> m = JsonSchema.offense(b.offense());
        m.put("users_tried", b.triedUsernames());
        return m;
    }

    static Map<String, Object> pageJson(BanPage p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", p.total());
        m.put("more", p.more());
        m.put("bans", p.bans().stream().map(SummaryOutput::banJson).toList());
        return m;
    }

    static Map<String, Object> strikePagesJson(List<SummaryLists.StrikePage> pages) {
        Map<String, Object> m = new LinkedHashMap<>();
        pages.forEach(p -> m.put(String.valueOf(p.strike()), pageJson(p.page())));
        return m;
    }
}
