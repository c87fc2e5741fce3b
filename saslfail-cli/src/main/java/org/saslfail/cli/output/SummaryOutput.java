package org.saslfail.cli.output;

import org.saslfail.cli.UsageException;
import org.saslfail.cli.command.ReportCommand;
import org.saslfail.cli.command.ShowCommand;
import org.saslfail.cli.wiring.App;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saslfail.core.config.Keys;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.model.Texts;
import org.saslfail.core.notify.Message;
import org.saslfail.core.notify.SummaryLists;
import org.saslfail.core.notify.SummaryReport;
import org.saslfail.core.notify.SummaryRequest;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.report.ListedBan;
import org.saslfail.core.port.in.SummaryUseCase;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.report.BanSummary;
import picocli.CommandLine.Option;

/**
 * What {@code report daily} and {@code report weekly} share: {@code --mail}, reading a date
 * argument, and printing the summary or mailing it (a delivery failure is a runtime error, exit 1).
 */
public final class SummaryOutput {
    /** Longest list (repeat bans, subnets, spared subnets, top offenders) in the JSON, as in the mailed summary. */
    static final int LIST_LIMIT = 50;

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

    /** Prints the summary (as text or JSON), or mails it and says so. */
    public void emit(App app, SummaryRequest request, String what, PrintWriter out, boolean json) {
        if (json && mail != null) {
            throw new UsageException("--json and --mail do not go together: the mail is text and HTML");
        }
        app.requireExistingStore();
        if (json) {
            out.println(Json.write(json(app, request)));
            return;
        }
        SummaryUseCase summaries = app.get(SummaryUseCase.class);
        if (mail == null) {
            out.print(summaries.text(request));
            out.flush();
            return;
        }
        summaries.mail(request, List.of(mail));
        out.println(what + " mailed to " + mail);
    }

    /** The figures of the summary under stable snake_case names, for scripts. */
    private static Map<String, Object> json(App app, SummaryRequest r) {
        SummaryReport report = app.get(SummaryUseCase.class).report(r);
        BanSummary s = app.get(SummaryQueryPort.class).summarize(r.from(), r.to(),
                new Escalator(app.get(EscalationPolicy.class)).countingWindow(r.to(), null), LIST_LIMIT);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind() == Message.Kind.DAILY_SUMMARY ? "daily" : "weekly");
        m.put("first_day", r.firstDay().toString());
        m.put("last_day", r.lastDay().toString());
        m.put("from", r.from());
        m.put("to", r.to());
        m.put("fail2ban_running", report.fail2banRunning());
        m.put("fail2ban_down_since", report.fail2banDownSince());
        m.put("daemon_running", report.daemonRunning());
        m.put("daemon_last_seen", report.daemonLastSeen());
        m.put("new_bans", s.newBans());
        m.put("new_bans_by_strike", ReportCommand.strikes(s.newBansByStrike()));
        m.put("new_bans_by_service", new TreeMap<>(s.newBansByService()));
        m.put("unique_addresses", s.uniqueAddresses());
        m.put("active_bans", s.activeBans());
        m.put("active_bans_by_strike", ReportCommand.strikes(s.activeBansByStrike()));
        m.put("repeat_bans", s.repeatBans().stream().map(ShowCommand::offenseJson).toList());
        m.put("subnet_bans", s.subnetBans().stream().map(ShowCommand::offenseJson).toList());
        m.put("lifted_bans", s.liftedBans().stream().map(ShowCommand::offenseJson).toList());
        m.put("spared_subnets", app.get(SummaryQueryPort.class).sparedSubnets(r.from(), r.to(), LIST_LIMIT).stream()
                .map(SummaryOutput::sparedJson).toList());
        SummaryLists lists = report.lists();
        m.put("list_limit", lists.limit());
        if (r.kind() == Message.Kind.DAILY_SUMMARY) {
            m.put("new_bans_list_by_strike", strikePagesJson(lists.newByStrike()));
            m.put("active_bans_list_by_strike", strikePagesJson(lists.activeByStrike()));
        } else {
            m.put("repeat_bans_list", pageJson(lists.repeatBans()));
        }
        m.put("known_user_bans", pageJson(lists.knownUserBans()));
        m.put("top_offenders", s.topOffenders().stream().map(ReportCommand::offenderJson).toList());
        m.put("per_day", app.get(SummaryQueryPort.class).perDay(r.firstDay(), r.lastDay(), r.zone()).stream()
                .map(ReportCommand::dayJson).toList());
        return m;
    }

    /** One listed ban: the offense, its known users and the names tried. */
    public static Map<String, Object> banJson(ListedBan b) {
        Map<String, Object> m = ShowCommand.offenseJson(b.offense());
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

    static Map<String, Object> sparedJson(SparedSubnet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subnet", s.subnet().toString());
        m.put("spared_by", s.sparedBy().toString());
        m.put("offenders", s.offenders());
        m.put("service", s.service().id());
        m.put("first_at", s.first());
        m.put("last_at", s.last());
        return m;
    }
}
