package org.saslfail.core.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.model.Texts;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.DayStat;
import org.saslfail.core.report.OffenderStat;

/**
 * Writes the words of alerts and summaries. Subjects hold only saslfail's own ASCII text and
 * numbers; attacker-chosen text (user names) appears only in body lines, quoted by
 * {@link Texts#quoteShort} so control characters are inert even in the plain-text part.
 */
public final class Messages {
    /** User names listed per offender before "and N more". */
    static final int MAX_USERNAMES = 5;
    /** Width of the longest bar of the plain-text chart. */
    static final int BAR_WIDTH = 40;
    /** The section naming subnets that reached the threshold but hold an ignored address. */
    public static final String SPARED_SECTION = "Subnets spared (hold an ignored address, never banned)";

    private final List<String> recipients;
    private final ZoneId zone;
    private final DateTimeFormatter time;

    public Messages(List<String> recipients, ZoneId zone) {
        this.recipients = List.copyOf(recipients);
        this.zone = zone;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(zone);
    }

    /** The alert for one batch; {@code now} is when it is made (part of its outbox key). */
    public Message alert(NotificationPlanner.Batch batch, Instant now) {
        Map<BanNotice.Kind, List<BanNotice>> byKind = new EnumMap<>(BanNotice.Kind.class);
        for (BanNotice n : batch.notices()) {
            byKind.computeIfAbsent(n.kind(), k -> new ArrayList<>()).add(n);
        }
        List<Message.Section> sections = new ArrayList<>();
        if (batch.heldBack() > 0) {
            sections.add(new Message.Section("Held back by the hourly limit", List.of(batch.heldBack()
                    + " ban(s) waited because no more than " + NotificationPlanner.HOURLY_CAP
                    + " messages are sent per hour; they are all listed below.")));
        }
        byKind.forEach((kind, notices) -> sections.add(new Message.Section(title(kind) + " (" + notices.size() + ")",
                notices.stream().map(this::line).toList())));
        int n = batch.notices().size();
        String subject = n == 1 ? "saslfail: " + describe(batch.notices().get(0))
                : "saslfail: " + n + " bans" + (batch.heldBack() > 0 ? " (" + batch.heldBack() + " held back)" : "");
        BanNotice first = batch.notices().get(0);
        String key = "alert-" + now.toEpochMilli() + "-" + first.offender() + "-" + first.at().toEpochMilli() + "-" + n;
        return new Message(Message.Kind.ALERT, key, subject, recipients, now, sections, null);
    }

    /** The summary message for a report; the key is the request's, so a period is queued once. */
    public Message summary(SummaryReport report, Instant now) {
        SummaryRequest r = report.request();
        BanSummary f = report.figures();
        List<Message.Section> sections = new ArrayList<>();
        if (report.warnNotEnforcing()) {
            sections.add(new Message.Section("WARNING: bans are NOT being enforced", List.of(
                    "fail2ban is " + (report.fail2banRunning() ? "running" : "NOT RUNNING"),
                    "the saslfail daemon is " + (report.daemonRunning() ? "running" : "NOT RUNNING"),
                    "Until both run, attackers are not banned. Start them and check their logs.")));
        }
        sections.add(new Message.Section("Overview", List.of(
                "period: " + r.firstDay() + (r.lastDay().equals(r.firstDay()) ? "" : " to " + r.lastDay())
                        + " (" + zone.getId() + ")",
                "new bans: " + f.newBans(),
                "unique addresses banned: " + f.uniqueAddresses(),
                "bans active at the end of the period: " + f.activeBans())));
        sections.add(new Message.Section("New bans by strike", counts(f.newBansByStrike(), "strike ")));
        sections.add(new Message.Section("New bans by service", counts(new TreeMap<>(f.newBansByService()), "")));
        sections.add(new Message.Section("Active bans by strike", counts(f.activeBansByStrike(), "strike ")));
        List<Offense> strike3 = f.repeatBans().stream().filter(o -> o.strike() >= 3).toList();
        List<Offense> strike2 = f.repeatBans().stream().filter(o -> o.strike() == 2).toList();
        sections.add(new Message.Section("New strike-3+ bans (" + strike3.size() + ")", offenses(strike3)));
        sections.add(new Message.Section("New strike-2 bans (" + strike2.size() + ")", offenses(strike2)));
        sections.add(new Message.Section("Subnet bans (" + f.subnetBans().size() + ")", offenses(f.subnetBans())));
        sections.add(new Message.Section(SPARED_SECTION + " (" + report.spared().size() + ")", spared(report.spared())));
        sections.add(new Message.Section("Bans lifted early (" + f.liftedBans().size() + ")", offenses(f.liftedBans())));
        sections.add(new Message.Section("Bans per day", chart(report.perDay())));
        sections.add(new Message.Section("Top repeat offenders (offenses still counting at the end of the period)",
                offenders(f.topOffenders())));
        String what = r.kind() == Message.Kind.DAILY_SUMMARY ? "daily summary " + r.firstDay()
                : "weekly summary " + r.firstDay() + " to " + r.lastDay();
        String subject = (report.warnNotEnforcing() ? "WARNING not enforcing - " : "") + "saslfail " + what + ": "
                + f.newBans() + " new bans";
        return new Message(r.kind(), r.key(), subject, recipients, now, sections, report);
    }

    private String line(BanNotice n) {
        StringBuilder sb = new StringBuilder(n.offender().toString())
                .append("  strike ").append(n.strike())
                .append("  ").append(n.service().id())
                .append("  ").append(until(n));
        List<String> users = n.usernames();
        if (!users.isEmpty()) {
            sb.append("  users: ");
            users.stream().limit(MAX_USERNAMES).forEach(u -> sb.append(Texts.quoteShort(u)).append(' '));
            if (users.size() > MAX_USERNAMES) {
                sb.append("and ").append(users.size() - MAX_USERNAMES).append(" more");
            }
        }
        return sb.toString().strip();
    }

    private String until(BanNotice n) {
        if (n.kind() == BanNotice.Kind.UNBAN) {
            return "unbanned " + time.format(n.at());
        }
        return n.expiresAt() == null ? "banned permanently" : "banned until " + time.format(n.expiresAt());
    }

    private static String describe(BanNotice n) {
        return switch (n.kind()) {
            case UNBAN -> "unban of " + n.offender();
            case SUBNET_BAN -> "subnet ban of " + n.offender();
            case PERMANENT_BAN -> "permanent ban of " + n.offender();
            default -> "strike-" + n.strike() + " ban of " + n.offender();
        };
    }

    private static String title(BanNotice.Kind kind) {
        return switch (kind) {
            case FIRST_BAN -> "First bans";
            case SECOND_BAN -> "Strike-2 bans";
            case REPEAT_BAN -> "Strike-3+ bans";
            case PERMANENT_BAN -> "Permanent bans";
            case SUBNET_BAN -> "Subnet bans";
            case UNBAN -> "Unbans";
        };
    }

    private static <K> List<String> counts(Map<K, Long> counts, String prefix) {
        if (counts.isEmpty()) {
            return List.of("none");
        }
        return new TreeMap<>(counts).entrySet().stream().map(e -> prefix + e.getKey() + ": " + e.getValue()).toList();
    }

    private List<String> offenses(List<Offense> offenses) {
        if (offenses.isEmpty()) {
            return List.of("none");
        }
        return offenses.stream().map(o -> o.offender() + "  strike " + o.strike() + "  " + o.service().id()
                + "  " + time.format(o.at())).toList();
    }

    private List<String> spared(List<SparedSubnet> spared) {
        if (spared.isEmpty()) {
            return List.of("none");
        }
        return spared.stream().map(s -> s.subnet() + "  " + s.offenders() + " offenders  spared by ignore entry "
                + s.sparedBy() + "  " + s.service().id() + "  " + time.format(s.first())
                + (s.last().equals(s.first()) ? "" : " to " + time.format(s.last()))).toList();
    }

    private List<String> offenders(List<OffenderStat> stats) {
        if (stats.isEmpty()) {
            return List.of("none");
        }
        return stats.stream().map(s -> s.offender() + "  " + s.offenses() + " offenses  max strike " + s.maxStrike()
                + "  last " + time.format(s.last())).toList();
    }

    /** A plain-text bar chart; the HTML renderer draws its own from the same figures. */
    static List<String> chart(List<DayStat> days) {
        long max = days.stream().mapToLong(DayStat::offenses).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (DayStat d : days) {
            int width = max == 0 ? 0 : (int) Math.round((double) d.offenses() * BAR_WIDTH / max);
            lines.add(d.day() + " " + d.day().getDayOfWeek().toString().substring(0, 3) + " "
                    + "#".repeat(width) + " " + d.offenses());
        }
        return lines.isEmpty() ? List.of("none") : lines;
    }
}
