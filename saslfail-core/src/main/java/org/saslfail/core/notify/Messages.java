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
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.SparedSubnet;
import org.saslfail.core.model.Texts;
import org.saslfail.core.report.BanPage;
import org.saslfail.core.report.BanSummary;
import org.saslfail.core.report.ListedBan;
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
    /** The section naming bans of addresses a user had logged in from. */
    public static final String KNOWN_USERS_SECTION = "Known users' addresses banned (a user logged in from them: stale password?)";

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
                notices.stream().flatMap(n -> lines(n).stream()).toList())));
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
                    "fail2ban is " + (report.fail2banRunning() ? "running" : "NOT RUNNING"
                            + (report.fail2banDownSince() == null ? " (no answer on its socket when this was written)"
                            : " (no answer on its socket since " + time.format(report.fail2banDownSince()) + ")")),
                    "the saslfail daemon is " + (report.daemonRunning() ? "running" : "NOT RUNNING"
                            + (report.daemonLastSeen() == null ? " (it never ran on this store)"
                            : " (last seen " + time.format(report.daemonLastSeen()) + ")")),
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
        SummaryLists lists = report.lists();
        String more = "saslfail report by-date --date " + r.firstDay()
                + (r.lastDay().equals(r.firstDay()) ? "" : " (each day to " + r.lastDay() + ")");
        if (r.kind() == Message.Kind.DAILY_SUMMARY) {
            for (SummaryLists.StrikePage p : lists.newByStrike()) {
                sections.add(new Message.Section("New strike-" + p.strike() + " bans (" + p.page().total() + ")",
                        bans(p.page(), more)));
            }
        } else {
            sections.add(new Message.Section("New strike-2+ bans (" + lists.repeatBans().total() + ")",
                    bans(lists.repeatBans(), more)));
        }
        sections.add(new Message.Section(KNOWN_USERS_SECTION + " (" + lists.knownUserBans().total() + ")",
                bans(lists.knownUserBans(), more)));
        sections.add(new Message.Section("Active bans by strike", counts(f.activeBansByStrike(), "strike ")));
        for (SummaryLists.StrikePage p : lists.activeByStrike()) {
            sections.add(new Message.Section("Active strike-" + p.strike() + " bans at the end of the day ("
                    + p.page().total() + ")", bans(p.page(), "saslfail status --at " + r.to())));
        }
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

    /** A notice's line, and for a known user's address the sentence that says who logged in from it and when. */
    private List<String> lines(BanNotice n) {
        if (!n.knownUser()) {
            return List.of(line(n));
        }
        return List.of(line(n) + "  KNOWN USER", "    " + knownUserSentence(n.knownUsers(), n.at())
                + ": a device with an old password? It stays at strike 1 while they keep logging in.");
    }

    /**
     * "alice logged in from this address 3 days ago (postfix)", or for several users
     * "alice (3 days ago, postfix) and bob (5 hours ago, dovecot) logged in from this address".
     * The names were cleaned when learned and are quoted here.
     */
    public static String knownUserSentence(List<Login> logins, Instant at) {
        Map<String, Login> latest = new java.util.LinkedHashMap<>();
        logins.forEach(l -> latest.putIfAbsent(l.user(), l));
        if (latest.size() == 1) {
            Login l = logins.get(0);
            return Texts.quoteShort(l.user()) + " logged in from this address " + ago(l.at(), at) + " (" + l.service().id() + ")";
        }
        List<String> parts = latest.values().stream().limit(MAX_USERNAMES)
                .map(l -> Texts.quoteShort(l.user()) + " (" + ago(l.at(), at) + ", " + l.service().id() + ")").toList();
        int more = latest.size() - parts.size();
        return String.join(", ", parts) + (more > 0 ? " and " + more + " more" : "") + " logged in from this address";
    }

    /** How long before {@code at} {@code t} was, in words: "3 days ago", "5 hours ago", "12 minutes ago". */
    public static String ago(Instant t, Instant at) {
        java.time.Duration d = java.time.Duration.between(t, at);
        if (d.isNegative()) {
            return "just now";
        }
        if (d.toDays() >= 1) {
            return plural(d.toDays(), "day") + " ago";
        }
        if (d.toHours() >= 1) {
            return plural(d.toHours(), "hour") + " ago";
        }
        return plural(Math.max(1, d.toMinutes()), "minute") + " ago";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
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
            case FIRST_BAN -> "strike-1 ban of " + n.offender() + (n.knownUser() ? " (a known user's address)" : "");
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
                + "  " + time.format(o.at()) + decidedOn(o)).toList();
    }

    /** One line per ban, then "... and N more: COMMAND" when the list was cut. */
    private List<String> bans(BanPage page, String more) {
        if (page.total() == 0) {
            return List.of("none");
        }
        List<String> lines = new ArrayList<>();
        for (ListedBan b : page.bans()) {
            Offense o = b.offense();
            StringBuilder sb = new StringBuilder(o.offender().toString()).append("  strike ").append(o.strike())
                    .append("  ").append(o.service().id()).append("  ").append(time.format(o.at())).append(decidedOn(o));
            users(sb, "users tried: ", b.triedUsernames());
            if (o.knownUser()) {
                users(sb, "KNOWN USER: ", o.knownUsers());
            }
            lines.add(sb.toString());
        }
        if (page.more() > 0) {
            lines.add("... and " + page.more() + " more: " + more);
        }
        return lines;
    }

    /** "  on mx1": the fleet node that decided a listed ban (nothing outside a fleet). */
    private static String decidedOn(Offense o) {
        return o.node() == null ? "" : "  on " + o.node();
    }

    private static void users(StringBuilder sb, String label, List<String> users) {
        if (users.isEmpty()) {
            return;
        }
        sb.append("  ").append(label);
        users.stream().limit(MAX_USERNAMES).forEach(u -> sb.append(Texts.quoteShort(u)).append(' '));
        if (users.size() > MAX_USERNAMES) {
            sb.append("and ").append(users.size() - MAX_USERNAMES).append(" more");
        }
        sb.setLength(sb.length() - (sb.charAt(sb.length() - 1) == ' ' ? 1 : 0));
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
