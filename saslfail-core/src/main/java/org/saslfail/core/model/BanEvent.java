package org.saslfail.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Something fail2ban did to an address in a jail: a ban, a ban restored at its own restart,
 * or an unban; or a subnet offense saslfail derived from them ({@link Kind#SUBNET}, whose
 * address is the subnet's network address). {@link #key()} identifies the event so that replays and catch-ups never count
 * it twice.
 */
public record BanEvent(Kind kind, JailName jail, IpAddress ip, Instant at) {

    /** What happened. */
    public enum Kind {
        BAN("ban"), RESTORE("restore-ban"), UNBAN("unban"),
        /** Not fail2ban's: enough addresses of one subnet offended, so the subnet itself offends. */
        SUBNET("subnet-ban");

        private final String action;

        Kind(String action) {
            this.action = action;
        }

        /** The action word used in history listings and the store. */
        public String action() {
            return action;
        }
    }

    public BanEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jail, "jail");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(at, "at");
    }

    public static BanEvent ban(String jail, String ip, Instant at) {
        return new BanEvent(Kind.BAN, JailName.of(jail), IpAddress.parse(ip), at);
    }

    public static BanEvent restore(String jail, String ip, Instant at) {
        return new BanEvent(Kind.RESTORE, JailName.of(jail), IpAddress.parse(ip), at);
    }

    public static BanEvent unban(String jail, String ip, Instant at) {
        return new BanEvent(Kind.UNBAN, JailName.of(jail), IpAddress.parse(ip), at);
    }

    /** The idempotency key: kind, jail, address and the event time in epoch milliseconds. */
    public String key() {
        return kind.action() + "|" + jail + "|" + ip + "|" + at.toEpochMilli();
    }
}
