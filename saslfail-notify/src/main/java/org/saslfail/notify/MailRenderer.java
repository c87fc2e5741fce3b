package org.saslfail.notify;

import java.util.List;
import org.saslfail.core.notify.Message;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.notify.SummaryReport;
import org.saslfail.core.port.out.MailRenderPort;
import org.saslfail.core.report.DayStat;

/**
 * Turns a {@link Message} into the plain-text and HTML bodies of one mail. The HTML is a
 * self-contained table layout with inline styles only (no images, scripts, fonts or links to
 * fetch), the shape that common mail clients render the same way; every text in it is escaped.
 */
final class MailRenderer implements MailRenderPort {
    static final String CHART_SECTION = "Bans per day";
    private static final String FONT = "font-family:Arial,Helvetica,sans-serif;";
    private static final String MONO = "font-family:Consolas,Menlo,'Courier New',monospace;font-size:13px;white-space:pre-wrap;";
    private static final String BLUE = "#1f3a5f";
    private static final String RED = "#c62828";
    private static final int MIN_BAR_PERCENT = 1;

    private final String from;

    MailRenderer(String from) {
        this.from = Sanitize.header(from);
    }

    @Override
    public RenderedMail render(Message m) {
        return render(m, m.recipients());
    }

    @Override
    public RenderedMail render(Message m, List<String> to) {
        String subject = Sanitize.subject(m.subject());
        return new RenderedMail(m.key(), from, to.stream().map(Sanitize::header).toList(), subject, text(m, subject),
                html(m, subject));
    }

    @Override
    public String text(Message m) {
        return text(m, Sanitize.subject(m.subject()), false);
    }

    /** The HTML body alone (for previews and the browser check). */
    String html(Message m) {
        return html(m, Sanitize.subject(m.subject()));
    }

    String text(Message m, String subject) {
        return text(m, subject, true);
    }

    /** The plain text; {@code signed} adds the mail signature (a printed report carries none). */
    String text(Message m, String subject, boolean signed) {
        StringBuilder sb = new StringBuilder(subject).append("\n\n");
        for (Message.Section s : m.sections()) {
            boolean warning = s.title().startsWith("WARNING");
            String title = Sanitize.line(s.title());
            sb.append(warning ? "!!! " + title + " !!!" : "== " + title + " ==").append('\n');
            for (String line : s.lines()) {
                sb.append(warning ? "!!! " : "  ").append(Sanitize.line(line)).append('\n');
            }
            sb.append('\n');
        }
        return signed ? sb.append("-- \nsaslfail\n").toString() : sb.toString();
    }

    String html(Message m, String subject) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><title>")
                .append(Sanitize.html(subject)).append("</title></head>\n")
                .append("<body style=\"margin:0;padding:0;background:#eef1f5;\">\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" ")
                .append("style=\"background:#eef1f5;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">\n")
                .append("<table role=\"presentation\" width=\"680\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" ")
                .append("style=\"width:680px;max-width:100%;background:#ffffff;border:1px solid #d0d7e2;")
                .append(FONT).append("font-size:14px;color:#222222;\">\n")
                .append("<tr><td style=\"padding:16px 20px;background:").append(BLUE)
                .append(";color:#ffffff;font-size:18px;font-weight:bold;\">")
                .append(Sanitize.html(subject)).append("</td></tr>\n");
        SummaryReport report = m.summary();
        for (Message.Section s : m.sections()) {
            if (s.title().startsWith("WARNING")) {
                warning(sb, s);
            } else if (report != null && s.title().equals(CHART_SECTION)) {
                chart(sb, report.perDay());
            } else {
                section(sb, s);
            }
        }
        sb.append("<tr><td style=\"padding:12px 20px;color:#777777;font-size:12px;border-top:1px solid #e3e7ee;\">")
                .append("Sent by saslfail.</td></tr>\n</table>\n</td></tr></table>\n</body></html>\n");
        return sb.toString();
    }

    private static void warning(StringBuilder sb, Message.Section s) {
        sb.append("<tr><td style=\"padding:16px 20px;background:").append(RED)
                .append(";color:#ffffff;border-bottom:4px solid #7f0000;\">")
                .append("<div style=\"font-size:20px;font-weight:bold;margin:0 0 6px 0;\">&#9888; ")
                .append(Sanitize.html(s.title())).append("</div>");
        for (String line : s.lines()) {
            sb.append("<div style=\"font-size:15px;font-weight:bold;\">").append(Sanitize.html(line)).append("</div>");
        }
        sb.append("</td></tr>\n");
    }

    private static void section(StringBuilder sb, Message.Section s) {
        sb.append("<tr><td style=\"padding:12px 20px 4px 20px;\">")
                .append("<div style=\"font-size:16px;font-weight:bold;color:").append(BLUE)
                .append(";margin:0 0 6px 0;\">").append(Sanitize.html(s.title())).append("</div>")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">");
        boolean odd = false;
        for (String line : s.lines()) {
            sb.append("<tr><td style=\"").append(MONO).append("padding:3px 6px;")
                    .append(odd ? "background:#f6f8fb;" : "").append("\">")
                    .append(Sanitize.html(line)).append("</td></tr>");
            odd = !odd;
        }
        sb.append("</table></td></tr>\n");
    }

    /** Horizontal bars as nested tables with percentage widths: no images, no CSS the clients drop. */
    private static void chart(StringBuilder sb, List<DayStat> days) {
        long max = days.stream().mapToLong(DayStat::offenses).max().orElse(0);
        sb.append("<tr><td style=\"padding:12px 20px 4px 20px;\">")
                .append("<div style=\"font-size:16px;font-weight:bold;color:").append(BLUE)
                .append(";margin:0 0 6px 0;\">").append(CHART_SECTION).append("</div>")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">");
        for (DayStat d : days) {
            int percent = max == 0 ? 0 : (int) Math.max(MIN_BAR_PERCENT, Math.round(d.offenses() * 100.0 / max));
            sb.append("<tr><td width=\"120\" style=\"width:120px;").append(MONO)
                    .append("padding:3px 8px 3px 0;white-space:nowrap;\">")
                    .append(d.day()).append(' ').append(d.day().getDayOfWeek().toString(), 0, 3)
                    .append("</td><td style=\"padding:3px 0;\">");
            if (d.offenses() > 0) {
                sb.append("<table role=\"presentation\" width=\"").append(percent)
                        .append("%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>")
                        .append("<td height=\"16\" bgcolor=\"#e53935\" style=\"background:#e53935;height:16px;")
                        .append("font-size:1px;line-height:16px;\">&nbsp;</td></tr></table>");
            }
            sb.append("</td><td width=\"60\" align=\"right\" style=\"width:60px;").append(MONO)
                    .append("padding:3px 0 3px 8px;\">").append(d.offenses()).append("</td></tr>");
        }
        if (days.isEmpty()) {
            sb.append("<tr><td>none</td></tr>");
        }
        sb.append("</table></td></tr>\n");
    }
}
