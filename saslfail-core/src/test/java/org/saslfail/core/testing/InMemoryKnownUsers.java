package org.saslfail.core.testing;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;
import org.saslfail.core.model.Service;
import org.saslfail.core.port.out.KnownUserPort;

/** {@link KnownUserPort} in memory: one entry per key, service and user with the latest time. */
public final class InMemoryKnownUsers implements KnownUserPort {
    private record Key(IpPrefix from, Service service, String user) {
    }

    private final Map<Key, Login> rows = new LinkedHashMap<>();

    @Override
    public synchronized int recordLogins(Collection<Login> logins) {
        int fresh = 0;
        for (Login l : logins) {
            Key k = new Key(l.from(), l.service(), l.user());
            Login old = rows.get(k);
            if (old == null) {
                fresh++;
            }
            if (old == null || l.at().isAfter(old.at())) {
                rows.put(k, l);
            }
        }
        return fresh;
    }

    @Override
    public synchronized List<Login> logins(IpPrefix prefix, Instant since, int limit) {
        return rows.values().stream()
                .filter(l -> prefix.contains(l.from()) || l.from().contains(prefix))
                .filter(l -> l.at().isAfter(since))
                .sorted(Comparator.comparing(Login::at).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized int forgetLogins(Instant before) {
        int n = rows.size();
        rows.values().removeIf(l -> !l.at().isAfter(before));
        return n - rows.size();
    }
}
