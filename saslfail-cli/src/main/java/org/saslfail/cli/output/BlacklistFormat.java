package org.saslfail.cli.output;

import org.saslfail.cli.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * The list in this format; {@code criteria} (what made these offenders repeat offenders) goes
     * into the JSON document.
     */
    public String render(List<OffenderStat> stats, String setName, Map<String, Object> criteria) {
        StringBuilder sb = new StringBuilder();
        List<OffenderStat> v4 = stats.stream().filter(s -> s.offender().isV4()).toList();
        List<OffenderStat> v6 = stats.stream().filter(s -> !s.offender().isV4()).toList();
        String set4 = setName + "_v4";
        String set6 = setName + "_v6";
        switch (this) {
            case PLAIN -> stats.forEach(s -> sb.append(s.offender()).append('\n'));
            case CSV -> {
                sb.append("offender,offenses,max_strike,first_at,last_at\n");
                stats.forEach(s -> sb.append(JsonSchema.prefix(s.offender())).append(',').append(s.offenses()).append(',')
                        .append(s.maxStrike()).append(',').append(s.first()).append(',').append(s.last()).append('\n'));
            }
            case MD -> {
                sb.append("| offender | offenses | max strike | first (UTC) | last (UTC) |\n|---|---:|---:|---|---|\n");
                stats.forEach(s -> sb.append("| ").append(s.offender()).append(" | ").append(s.offenses()).append(" | ")
                        .append(s.maxStrike()).append(" | ").append(s.first()).append(" | ").append(s.last()).append(" |\n"));
            }
            case NFT -> {
                // loads with `nft -f`, again and again: add is idempotent, flush replaces the contents
                sb.append("# saslfail blacklist: ").append(stats.size()).append(" repeat offenders in the sets ").append(set4)
                        .append(" and ").append(set6).append(" of table inet ").append(setName).append(".\n")
                        .append("# Load with: nft -f FILE (again and again: each load replaces the sets' contents).\n")
                        .append("# The sets alone drop nothing. To drop these offenders' traffic, load once, after this file:\n")
                        .append("#   add chain inet ").append(setName)
                        .append(" input { type filter hook input priority -1; policy accept; }\n")
                        .append("#   add rule inet ").append(setName).append(" input ip saddr @").append(set4).append(" drop\n")
                        .append("#   add rule inet ").append(setName).append(" input ip6 saddr @").append(set6).append(" drop\n");
                sb.append("add table inet ").append(setName).append('\n');
                nftSet(sb, setName, set4, "ipv4_addr", v4);
                nftSet(sb, setName, set6, "ipv6_addr", v6);
            }
            case IPSET -> {
                // loads with `ipset restore < FILE`, again and again (-exist)
                sb.append("# saslfail blacklist: ").append(stats.size()).append(" repeat offenders in the sets ").append(set4)
                        .append(" and ").append(set6).append(".\n")
                        .append("# Load with: ipset restore < FILE (again and again: each load replaces the sets' contents).\n")
                        .append("# The sets alone drop nothing. To drop these offenders' traffic, add once:\n")
                        .append("#   iptables -I INPUT -m set --match-set ").append(set4).append(" src -j DROP\n")
                        .append("#   ip6tables -I INPUT -m set --match-set ").append(set6).append(" src -j DROP\n");
                ipset(sb, set4, "inet", v4);
                ipset(sb, set6, "inet6", v6);
            }
            case JSON -> {
                Map<String, Object> doc = JsonSchema.document("blacklist");
                doc.putAll(criteria);
                doc.put("offenders", stats.stream().map(JsonSchema::offender).toList());
                sb.append(Json.write(doc)).append('\n');
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
