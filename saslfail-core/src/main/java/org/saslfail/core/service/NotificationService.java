package org.saslfail.core.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.notify.BanNotice;
import org.saslfail.core.notify.Message;
import org.saslfail.core.notify.Messages;
import org.saslfail.core.notify.NotificationPlanner;
import org.saslfail.core.notify.SummaryLists;
import org.saslfail.core.notify.SummaryReport;
import org.saslfail.core.notify.SummaryRequest;
import org.saslfail.core.port.in.NotifyUseCase;
import org.saslfail.core.port.in.SummaryUseCase;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.out.AlertWindowPort;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.port.out.MailPort;
import org.saslfail.core.port.out.MailRenderPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.ServiceStatusPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;
import org.saslfail.core.report.BanSummary;

/**
 * Notifications: feeds the planner the daemon's outcomes, queues what it plans (alerts, scheduled
 * summaries) in the outbox, hands the outbox to the MTA, and renders summaries on demand. What a
 * mail looks like is the renderer's ({@link MailRenderPort}); how it travels is the MTA's.
 */
public final class NotificationService implements NotifyUseCase, SummaryUseCase {
    /** Longest list (strike-2 bans, subnets, top offenders …) a summary shows. */
    public static final int LIST_LIMIT = 50;
    private static final int CHART_DAYS_DAILY = 7;
    /** Sent mail is kept this long (for the administrator, and so a summary is never queued twice). */
    static final Duration KEEP_SENT = Duration.ofDays(30);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final NotificationPlanner planner;
    private final Messages messages;
    private final MailRenderPort renderer;
    private final OutboxPort outbox;
    private final OutboxDispatcher dispatcher;
    private final MailPort mail;
    private final SummaryQueryPort summaries;
    private final ServiceStatusPort status;
    private final Escalator escalator;
    private final Clock clock;
    private final TriedUsernamesPort tried;
    private final int listLimit;
    private final AlertWindowPort window;
    /** Whether the notices a previous run left in the alert window were given to the planner. */
    private boolean restored;
    private Instant lastPurge;

    public NotificationService(NotificationPlanner planner, Messages messages, MailRenderPort renderer, OutboxPort outbox,
                        OutboxDispatcher dispatcher, MailPort mail, SummaryQueryPort summaries,
                        ServiceStatusPort status, Escalator escalator, Clock clock, TriedUsernamesPort tried,
                        int listLimit, AlertWindowPort window) {
        this.planner = planner;
        this.messages = messages;
        this.renderer = renderer;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.mail = mail;
        this.summaries = summaries;
        this.status = status;
        this.escalator = escalator;
        this.clock = clock;
        this.tried = tried;
        this.listLimit = listLimit;
        this.window = window;
    }

    @Override
    public synchronized void notice(Outcome outcome, List<String> usernames) {
        restore();
        BanNotice.from(outcome, usernames).filter(planner::accept).ifPresent(window::hold);
        if (outcome.result() == Outcome.Result.OFFENSE && !usernames.isEmpty()) {
            // kept with the ban, so the summaries can list what was tried
            tried.recordTried(outcome.offense(), usernames);
        }
    }

    /** Gives the planner the notices a previous run (or configuration) left in the alert window, once. */
    private void restore() {
        if (restored) {
            return;
        }
        List<BanNotice> left = window.held();
        left.forEach(planner::accept);
        restored = true;
        if (!left.isEmpty() && planner.windowEmpty()) {
            window.release(); // notify.mode is no longer smart: the daily summary has them
        }
    }

    @Override
    public synchronized Instant tick() {
        restore();
        Instant now = clock.instant();
        NotificationPlanner.Plan plan = planner.plan(now);
        Optional<Instant> watching = plan.summaries().isEmpty() ? Optional.empty() : status.watchingSince();
        for (SummaryRequest r : plan.summaries()) {
            if (NotificationPlanner.watched(r, watching)) {
                // sent by the daemon: the daemon is running, whatever its heartbeat says this early
                outbox.enqueue(renderer.render(messages.summary(live(r, true), now)), now);
            }
        }
        for (NotificationPlanner.Batch b : plan.alerts()) {
            outbox.enqueue(renderer.render(messages.alert(b, now)), now);
        }
        if (!plan.alerts().isEmpty() && planner.windowEmpty()) {
            window.release();
        }
        dispatcher.dispatch();
        if (lastPurge == null || !now.isBefore(lastPurge.plus(PURGE_EVERY))) {
            outbox.purgeSent(now.minus(KEEP_SENT));
            lastPurge = now;
        }
        Instant next = plan.wake().orElse(now.plus(OutboxDispatcher.MAX_RETRY));
        Instant retry = dispatcher.nextDue().orElse(next);
        return retry.isBefore(next) ? (retry.isBefore(now) ? now : retry) : next;
    }

    @Override
    public String text(SummaryRequest request, boolean live) {
        return renderer.text(messages.summary(report(request, live), clock.instant()));
    }

    @Override
    public void mail(SummaryRequest request, List<String> to) {
        mail.deliver(renderer.render(summary(request), to));
    }

    /** The summary's message as planned from the live store, before rendering (for previews). */
    public Message summary(SummaryRequest request) {
        return messages.summary(live(request, false), clock.instant());
    }

    @Override
    public SummaryReport report(SummaryRequest r, boolean live) {
        return live ? live(r, false) : reportWithoutHealth(r);
    }

    /** The summary of the live store; one the daemon sends counts the daemon as running. */
    private SummaryReport live(SummaryRequest r, boolean byDaemon) {
        BanSummary figures = figures(r);
        boolean fail2ban = status.fail2banRunning();
        boolean daemon = byDaemon || status.daemonRunning();
        return new SummaryReport(r, figures, chart(r), fail2ban, daemon,
                summaries.sparedSubnets(r.from(), r.to(), LIST_LIMIT), SummaryLists.of(r, figures, summaries, listLimit),
                fail2ban ? null : status.fail2banDownSince().orElse(null),
                daemon ? null : status.daemonLastSeen().orElse(null));
    }

    /** A printed summary of a past period or another store: this machine's health is not asked. */
    private SummaryReport reportWithoutHealth(SummaryRequest r) {
        BanSummary figures = figures(r);
        return SummaryReport.withoutHealth(r, figures, chart(r), summaries.sparedSubnets(r.from(), r.to(), LIST_LIMIT),
                SummaryLists.of(r, figures, summaries, listLimit));
    }

    private BanSummary figures(SummaryRequest r) {
        return summaries.summarize(r.from(), r.to(), escalator.countingWindow(r.to(), null), LIST_LIMIT);
    }

    private List<DayStat> chart(SummaryRequest r) {
        LocalDate chartFrom = r.kind() == Message.Kind.DAILY_SUMMARY ? r.lastDay().minusDays(CHART_DAYS_DAILY - 1)
                : r.firstDay();
        return summaries.perDay(chartFrom, r.lastDay(), r.zone());
    }
}
