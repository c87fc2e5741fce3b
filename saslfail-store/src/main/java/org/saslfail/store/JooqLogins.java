package org.saslfail.store;

import static org.saslfail.store.jooq.Tables.LOGINS;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Service;
import org.saslfail.store.jooq.tables.records.LoginsRecord;

/** The {@code logins} table (schema 6): one row per known-user key, service and user with the latest time. */
final class JooqLogins {
    /** Separates the names in {@code offenses.known_users}; a cleaned name never holds it (a control character). */
    private static final String SEPARATOR = "\t";
    private static final int KNOWN_USERS_MAX = 600;

    private final DSLContext dsl;

    JooqLogins(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Inserts new rows and moves existing ones to a later time, in two batches; returns how many rows were new. */
    int record(Collection<Login> logins) {
        Map<List<Object>, Login> latest = new LinkedHashMap<>();
        for (Login l : logins) {
            latest.merge(List.of(AddressKeys.low(l.from()), l.from().length(), l.service().id(), l.user()), l,
                    (a, b) -> b.at().isAfter(a.at()) ? b : a);
        }
        if (latest.isEmpty()) {
            return 0;
        }
        var t = LOGINS;
        BatchBindStep insert = dsl.batch(dsl.insertInto(t, t.LOGIN_FROM, t.FROM_HEX, t.FROM_LEN, t.SERVICE, t.USER_NAME,
                t.LAST_AT_MS).values((String) null, null, null, null, null, null).onConflictDoNothing());
        BatchBindStep later = dsl.batch(dsl.update(t).set(t.LAST_AT_MS, (Long) null)
                .where(t.FROM_HEX.eq((String) null)).and(t.FROM_LEN.eq((Integer) null)).and(t.SERVICE.eq((String) null))
                .and(t.USER_NAME.eq((String) null)).and(t.LAST_AT_MS.lt((Long) null)));
        for (Login l : latest.values()) {
            String hex = AddressKeys.low(l.from());
            long at = l.at().toEpochMilli();
            insert.bind(l.from().toString(), hex, l.from().length(), l.service().id(), l.user(), at);
            later.bind(at, hex, l.from().length(), l.service().id(), l.user(), at);
        }
        int fresh = Arrays.stream(insert.execute()).map(n -> Math.max(n, 0)).sum();
        later.execute();
        return fresh;
    }

    List<Login> find(IpPrefix prefix, Instant since, int limit) {
        var t = LOGINS;
        Condition inside = t.FROM_HEX.between(AddressKeys.low(prefix), AddressKeys.high(prefix))
                .and(t.FROM_LEN.ge(prefix.length()));
        IpPrefix key = Login.keyOf(prefix.network());
        if (key.length() < prefix.length()) {
            inside = inside.or(t.FROM_HEX.eq(AddressKeys.low(key)).and(t.FROM_LEN.eq(key.length())));
        }
        return dsl.selectFrom(t).where(inside).and(t.LAST_AT_MS.gt(since.toEpochMilli()))
                .orderBy(t.LAST_AT_MS.desc(), t.USER_NAME).limit(limit)
                .fetch(JooqLogins::login);
    }

    int forget(Instant before) {
        return dsl.deleteFrom(LOGINS).where(LOGINS.LAST_AT_MS.le(before.toEpochMilli())).execute();
    }

    private static Login login(LoginsRecord r) {
        return new Login(IpPrefix.of(AddressKeys.address(r.getFromHex()), r.getFromLen()), Service.parse(r.getService()),
                r.getUserName(), Instant.ofEpochMilli(r.getLastAtMs()));
    }

    /** {@code offenses.known_users}: the names, or NULL for none; cut to the column at a whole name. */
    static String joinUsers(List<String> users) {
        if (users.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String u : users) {
            if (b.length() + u.length() + 1 > KNOWN_USERS_MAX) {
                break;
            }
            if (!b.isEmpty()) {
                b.append(SEPARATOR);
            }
            b.append(u);
        }
        return b.toString();
    }

    static List<String> splitUsers(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(SEPARATOR));
    }
}
