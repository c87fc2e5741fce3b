package org.saslfail.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Texts;
import org.saslfail.core.notify.Messages;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.HistoryMode;
import org.saslfail.core.port.out.KnownUserPort;

/** How show and report by-ip mark a known user's address: the logins that make it known at an instant. */
final class KnownUserMarks {
    /** Logins read per address: enough to name its users. */
    static final int LOGINS = 10;

    private KnownUserMarks() {
    }

    /** The logins that make {@code offender} a known user's address at {@code t} (any service), newest first. */
    static List<Login> at(KnownUserPort logins, EscalationPolicy policy, IpPrefix offender, Instant t) {
        return policy.knownUsers().knownAt(logins.logins(offender, policy.knownUsers().since(t), LOGINS), t, null,
                HistoryMode.SHARED);
    }

    /** "known user: "alice" logged in from this address 3 days ago (postfix)", or "" for a stranger's address. */
    static String text(List<Login> known, Instant t) {
        return known.isEmpty() ? "" : "known user: " + Messages.knownUserSentence(known, t);
    }

    /** Short table cell: the user names, quoted, or "-". */
    static String cell(List<Login> known) {
        return known.isEmpty() ? "-" : String.join(" ", known.stream().map(Login::user).distinct().map(Texts::quoteShort)
                .toList());
    }

    static List<Map<String, Object>> json(List<Login> known) {
        return known.stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", l.user());
            m.put("service", l.service().id());
            m.put("last_login", l.at());
            return m;
        }).toList();
    }
}
