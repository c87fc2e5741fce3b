package org.saslfail.cli.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Texts;

/** How show and report by-ip print a known user's address: the users who logged in from it, and when. */
public final class KnownUserMarks {

    private KnownUserMarks() {
    }

    /** Short table cell: the user names, quoted, or "-". */
    public static String cell(List<Login> known) {
        return known.isEmpty() ? "-" : String.join(" ", known.stream().map(Login::user).distinct().map(Texts::quoteShort)
                .toList());
    }

    public static List<Map<String, Object>> json(List<Login> known) {
        return known.stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", l.user());
            m.put("service", l.service().id());
            m.put("last_login", l.at());
            return m;
        }).toList();
    }
}
