package org.saslfail.core.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Login;

/**
 * The successful logins saslfail learned from the mail logs, kept small: one row per known-user
 * key ({@link Login#keyOf}), service and user, holding only the latest login time.
 */
public interface KnownUserPort {

    /**
     * Records logins: a new row per key, service and user, or a later time for an existing one (an
     * earlier time changes nothing, so replaying a log twice is harmless). Returns how many rows
     * were new.
     */
    int recordLogins(Collection<Login> logins);

    /**
     * The logins whose key lies inside {@code prefix} or covers it (an IPv6 /128 offender is
     * covered by its /64) and whose latest time is after {@code since}; newest first, at most
     * {@code limit}.
     */
    List<Login> logins(IpPrefix prefix, Instant since, int limit);

    /** Deletes logins last seen at or before {@code before}; returns how many. */
    int forgetLogins(Instant before);
}
