package org.saslfail.core.notify;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The batching rules of the notification modes as a state machine. It is fed {@link BanNotice}s
 * and asked, at any instant, what to send now and when to ask again. It does no I/O and reads no
 * clock; one instance serves one daemon and is not thread-safe.
 *
 * <ul>
 * <li>{@code smart}: an urgent notice (first ban, strike 3+, permanent, subnet) opens a 5-minute
 * window counted from its ban time; every urgent notice until the window closes goes out in one
 * alert. Strike-2 bans and unbans wait for the daily summary.</li>
 * <li>{@code immediate}: one alert per ban (unbans excluded).</li>
 * <li>{@code daily}, and {@code smart} too: a summary of the previous local day 5 minutes after
 * local midnight. {@code weekly}: on Monday 00:05 local, the previous Monday to Sunday.</li>
 * <li>Never more than {@value #HOURLY_CAP} messages (alerts and summaries) in any 60 minutes.
 * What the cap holds back rolls into the next alert, which says how many were held back.</li>
 * </ul>
 */
public final class NotificationPlanner {
    public static final Duration WINDOW = Duration.ofMinutes(5);
    public static final Duration SUMMARY_DELAY = Duration.ofMinutes(5);
    public static final int HOURLY_CAP = 12;
    private static final Duration HOUR = Duration.ofHours(1);

    /** Notices that go out together in one alert; {@code heldBack} of them waited for the hourly cap. */
    public record Batch(List<BanNotice> notices, int heldBack) {
        public Batch {
            notices = List.copyOf(notices);
        }
    }

    /** What to send now, and when to call {@link #plan} again ({@code null}: only when a notice arrives). */
    public record Plan(List<Batch> alerts, List<SummaryRequest> summaries, Instant wakeAt) {
        public Plan {
            alerts = List.copyOf(alerts);
            summaries = List.copyOf(summaries);
        }

        public Optional<Instant> wake() {
            return Optional.ofNullable(wakeAt);
        }

        public boolean isEmpty() {
            return alerts.isEmpty() && summaries.isEmpty();
        }
    }

    private final NotifyMode mode;
    private final ZoneId zone;
    private final List<BanNotice> pending = new ArrayList<>();
    private final Deque<Instant> sent = new ArrayDeque<>();
    private Instant windowClosesAt;
    private int heldBack;
    private LocalDate nextDailyDay;
    private LocalDate nextWeeklyMonday;

    /**
     * A planner starting at {@code start}. The latest summary already due on its start day (or
     * week) is planned again at once: a restart then never loses it, and its key
     * ({@link SummaryRequest#key()}) keeps the outbox from sending it twice.
     */
    public NotificationPlanner(NotifyMode mode, ZoneId zone, Instant start) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.zone = Objects.requireNonNull(zone, "zone");
        // summaries are tracked by the local day they are sent on
        nextDailyDay = start.atZone(zone).toLocalDate();
        nextWeeklyMonday = nextDailyDay.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    public NotifyMode mode() {
        return mode;
    }

    /**
     * Takes a notice into account; whether and when it is mailed depends on the mode. Returns
     * whether it now waits in smart mode's alert window: such notices are what a planner started
     * after a restart must be given again (its window closes as it would have).
     */
    public boolean accept(BanNotice notice) {
        switch (mode) {
            case SMART -> {
                if (notice.urgent()) {
                    pending.add(notice);
                    if (windowClosesAt == null) {
                        windowClosesAt = notice.at().plus(WINDOW);
                    }
                    return true;
                }
                return false;
            }
            case IMMEDIATE -> {
                if (notice.kind() != BanNotice.Kind.UNBAN) {
                    pending.add(notice);
                }
                return false;
            }
            default -> {
                // none, daily and weekly mail no alerts
                return false;
            }
        }
    }

    /** Whether no notice waits in smart mode's alert window (after a plan sent them, say). */
    public boolean windowEmpty() {
        return mode != NotifyMode.SMART || pending.isEmpty();
    }

    /** What to send at {@code now}; everything returned counts as sent for the hourly cap. */
    public Plan plan(Instant now) {
        while (!sent.isEmpty() && !sent.peekFirst().plus(HOUR).isAfter(now)) {
            sent.removeFirst();
        }
        List<SummaryRequest> summaries = new ArrayList<>();
        if (mode.sendsDaily() && !now.isBefore(dueAt(nextDailyDay)) && take(now)) {
            LocalDate sendDay = latestDue(nextDailyDay, now, 1);
            summaries.add(SummaryRequest.daily(sendDay.minusDays(1), zone));
            nextDailyDay = sendDay.plusDays(1);
        }
        if (mode == NotifyMode.WEEKLY && !now.isBefore(dueAt(nextWeeklyMonday)) && take(now)) {
            LocalDate sendDay = latestDue(nextWeeklyMonday, now, 7);
            summaries.add(SummaryRequest.weekly(sendDay.minusDays(7), zone));
            nextWeeklyMonday = sendDay.plusDays(7);
        }
        List<Batch> alerts = new ArrayList<>();
        if (mode == NotifyMode.SMART) {
            if (windowClosesAt != null && !now.isBefore(windowClosesAt)) {
                if (take(now)) {
                    alerts.add(new Batch(pending, heldBack));
                    pending.clear();
                    heldBack = 0;
                    windowClosesAt = null;
                } else {
                    heldBack = pending.size();
                }
            }
        } else if (mode == NotifyMode.IMMEDIATE) {
            while (!pending.isEmpty()) {
                if (!take(now)) {
                    heldBack = pending.size();
                    break;
                }
                if (heldBack > 0) {
                    alerts.add(new Batch(pending, heldBack));
                    pending.clear();
                    heldBack = 0;
                } else {
                    alerts.add(new Batch(List.of(pending.remove(0)), 0));
                }
            }
        }
        return new Plan(alerts, summaries, wakeAfter(now));
    }

    /**
     * Whether a daemon watched any of the period of {@code r}: it did when it has watched since
     * before the period ended. A summary of a day before saslfail ran would report nothing true.
     */
    public static boolean watched(SummaryRequest r, Optional<Instant> watchingSince) {
        return watchingSince.isPresent() && watchingSince.get().isBefore(r.to());
    }

    /** Takes one slot of the hourly cap if one is free. */
    private boolean take(Instant now) {
        if (sent.size() >= HOURLY_CAP) {
            return false;
        }
        sent.addLast(now);
        return true;
    }

    private Instant wakeAfter(Instant now) {
        Instant wake = null;
        boolean capped = sent.size() >= HOURLY_CAP;
        Instant slotFree = capped ? sent.peekFirst().plus(HOUR) : now;
        if (windowClosesAt != null) {
            wake = later(windowClosesAt, slotFree);
        }
        if (mode == NotifyMode.IMMEDIATE && !pending.isEmpty()) {
            wake = slotFree;
        }
        if (mode.sendsDaily()) {
            wake = earlier(wake, later(dueAt(nextDailyDay), slotFree));
        }
        if (mode == NotifyMode.WEEKLY) {
            wake = earlier(wake, later(dueAt(nextWeeklyMonday), slotFree));
        }
        return wake;
    }

    /** The summary sent on {@code day} is due 5 minutes after that day's local midnight. */
    private Instant dueAt(LocalDate day) {
        return day.atStartOfDay(zone).toInstant().plus(SUMMARY_DELAY);
    }

    /** The last sending day from {@code day} on, in steps, that is due at {@code now}: missed periods are skipped. */
    private LocalDate latestDue(LocalDate day, Instant now, int stepDays) {
        LocalDate last = day;
        while (!dueAt(last.plusDays(stepDays)).isAfter(now)) {
            last = last.plusDays(stepDays);
        }
        return last;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
