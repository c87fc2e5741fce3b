package org.saslfail.cli.output;

import org.saslfail.cli.UsageException;
import org.saslfail.cli.command.ReportCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.report.OffenderStat;

/** Renders a blacklist of repeat offenders in the formats firewalls and people read. */
public enum BlacklistFormat {
    PLAIN, CSV, MD, NFT, IPSET, JSON;

    public static BlacklistFormat parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: unknown format '" + text + "' (plain, csv, md, nft, ipset or json)");
        }
    }

    /**
     * Entries covered by a wider entry are dropped: interval sets refuse overlapping elements, and
     * the wider ban already blocks them.
     */
    public static List<OffenderStat> withoutCovered(List<OffenderStat> stats) {
        List<OffenderStat> kept = new ArrayList<>();
        for (OffenderStat s : stats) {
            boolean covered = stats.stream().anyMatch(o -> o != s && o.offender().length() < s.offender().length()
                    && o.offender().contains(s.offender()));
            if (!covered) {
                kept.add(s);
            }
        }
        return kept;
    }

    public String render(List<OffenderStat> stats, String setName) {
        StringBuilder sb = new StringBuilder();
        List<OffenderStat> v4 = stats.stream().filter(s -> s.offender().isV4()).toList();
        List<OffenderStat> v6 = stats.stream().filter(s -> !s.offender().isV4()).toList();
        switch (this) {
            case PLAIN -> stats.forEach(s -> sb.append(s.offender()).append('\n'));
            case CSV -> {
                sb.append("ip,offenses,max_strike,first_at,last_at\n");
                stats.forEach(s -> sb.append(s.offender()).append(',').append(s.offenses()).append(',').append(s.maxStrike())
                        .append(',').append(s.first()).append(',').append(s.last()).append('\n'));
            }
            case MD -> {
                sb.append("| address | offenses | max strike | first | last |\n|---|---:|---:|---|---|\n");
                stats.forEach(s -> sb.append("| ").append(s.offender()).append(" | ").append(s.offenses()).append(" | ")
                        .append(s.maxStrike()).append(" | ").append(s.first()).append(" | ").append(s.last()).append(" |\n"));
            }
            case NFT -> {
                // loads with `nft -f`, again and again: add is idempotent, flush replaces the contents
                sb.append("# saslfail blacklist: ").append(stats.size()).append(" repeat offenders. Load with: nft -f FILE\n");
                sb.append("add table inet ").append(setName).append('\n');
                nftSet(sb, setName, setName + "_v4", "ipv4_addr", v4);
                nftSet(sb, setName, setName + "_v6", "ipv6_addr", v6);
            }
            case IPSET -> {
                // loads with `ipset restore < FILE`, again and again (-exist)
                sb.append("# saslfail blacklist: ").append(stats.size()).append(" repeat offenders. Load with: ipset restore < FILE\n");
                ipset(sb, setName + "-v4", "inet", v4);
                ipset(sb, setName + "-v6", "inet6", v6);
            }
            case JSON -> {
                sb.append(Json.write(stats.stream().map(ReportCommand::offenderJson).toList())).append('\n');
            }
            default -> throw new IllegalStateException(name());
        }
        return sb.toString();
    }

    private static String element(IpPrefix p) {
        return p.toString();
    }

    private static void nftSet(StringBuilder sb, String table, String set, String type, List<OffenderStat> stats) {
        sb.append("add set inet ").append(table).append(' ').append(set).append(" { type ").append(type)
                .append("; flags interval; }\n");
        sb.append("flush set inet ").append(table).append(' ').append(set).append('\n');
        if (!stats.isEmpty()) {
            sb.append("add element inet ").append(table).append(' ').append(set).append(" { ");
            for (int i = 0; i < stats.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(element(stats.get(i).offender()));
            }
            sb.append(" }\n");
        }
    }

    private static void ipset(StringBuilder sb, String set, String family, List<OffenderStat> stats) {
        sb.append("create ").append(set).append(" hash:net family ").append(family).append(" -exist\n");
        sb.append("flush ").append(set).append('\n');
        for (OffenderStat s : stats) {
            sb.append("add ").append(set).append(' ').append(element(s.offender())).append(" -exist\n");
        }
    }
}
