package org.saslfail.fail2ban.client;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.fail2ban.client.Fail2banException.Reason;

/** Reads fail2ban's unpickled results (tuples arrive as Object[], lists as List). */
final class Replies {
    // "192.0.2.1 \t2026-11-28 16:02:34 + 3600 = 2026-11-28 17:02:34"
    private static final Pattern WITH_TIME = Pattern.compile(
            "(\\S+)\\s+(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) \\+ (-?\\d+) = .*");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Replies() {
    }

    /** The (code, result) pair of a reply, or null when it is not one. */
    static Object[] pair(Object reply) {
        List<?> items = items(reply);
        if (items == null || items.size() != 2 || !(items.get(0) instanceof Number)) {
            return null;
        }
        return items.toArray();
    }

    static int count(Object result) {
        if (result instanceof Number n) {
            return n.intValue();
        }
        throw protocol("a number", result);
    }

    /** The value of {@code name} in a list of (name, value) pairs, as status replies are built. */
    static Object field(Object result, String name) {
        List<?> entries = items(result);
        if (entries != null) {
            for (Object e : entries) {
                List<?> kv = items(e);
                if (kv != null && kv.size() == 2 && name.equals(kv.get(0))) {
                    return kv.get(1);
                }
            }
        }
        throw protocol("a status with '" + name + "'", result);
    }

    static JailStatus jailStatus(JailName jail, Object result) {
        Object filter = field(result, "Filter");
        Object actions = field(result, "Actions");
        List<String> banned = new ArrayList<>();
        List<?> list = items(field(actions, "Banned IP list"));
        if (list == null) {
            throw protocol("a list of banned addresses", actions);
        }
        for (Object ip : list) {
            banned.add(String.valueOf(ip));
        }
        return new JailStatus(jail, count(field(filter, "Currently failed")), count(field(filter, "Total failed")),
                count(field(actions, "Currently banned")), count(field(actions, "Total banned")), banned);
    }

    static List<BanEntry> bansWithTime(Object result) {
        List<?> lines = items(result);
        if (lines == null) {
            throw protocol("a list of bans", result);
        }
        List<BanEntry> bans = new ArrayList<>(lines.size());
        for (Object line : lines) {
            Matcher m = WITH_TIME.matcher(String.valueOf(line));
            if (!m.matches()) {
                throw protocol("'IP \\tSTART + SECONDS = END'", line);
            }
            try {
                bans.add(new BanEntry(IpPrefix.parse(m.group(1)),
                        LocalDateTime.parse(m.group(2), LOCAL).atZone(ZoneId.systemDefault()).toInstant(),
                        Long.parseLong(m.group(3))));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new Fail2banException(Reason.PROTOCOL, "unexpected ban line from fail2ban: " + e.getMessage(), e);
            }
        }
        return bans;
    }

    /** {@code banned IP} answers one list of jail names per address asked about. */
    static List<JailName> bannedIn(Object result) {
        List<?> perIp = items(result);
        List<?> names = perIp == null || perIp.size() != 1 ? null : items(perIp.get(0));
        if (names == null) {
            throw protocol("a list of jails", result);
        }
        return names.stream().map(n -> JailName.of(String.valueOf(n))).toList();
    }

    private static List<?> items(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Object[] a) {
            return java.util.Arrays.asList(a);
        }
        return null;
    }

    private static Fail2banException protocol(String expected, Object got) {
        String what = got == null ? "None" : got.getClass().getSimpleName();
        return new Fail2banException(Reason.PROTOCOL, "unexpected reply from fail2ban: wanted " + expected + ", got " + what);
    }
}
