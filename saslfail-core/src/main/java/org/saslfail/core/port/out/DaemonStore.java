package org.saslfail.core.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;

/**
 * What the daemon keeps in the store besides the history: named state (the intake watermark),
 * its heartbeat, and the jail commands fail2ban has not taken yet. A store adapter shares its
 * connection with the history; {@code core.testing.InMemoryDaemonStore} keeps it in memory.
 */
public interface DaemonStore {

    /** A jail command fail2ban has yet to take. */
    enum Op {
        BAN, UNBAN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One pending jail command and how often it was tried. */
    record PendingOp(JailName jail, IpPrefix target, Op op, Instant created, int attempts, Instant nextAt,
                     String lastError) {
    }

    /**
     * The daemon's last sign of life.
     *
     * @param intakeLag how far the intake was behind fail2ban's database; null when it could not tell
     */
    record Heartbeat(String node, long pid, Instant started, Instant beat, Duration intakeLag, int pending,
                     String detail) {
    }

    /** Where this state lives, fit for messages: a file path, or a JDBC URL without its password. */
    String location();

    Optional<String> state(String name);

    void putState(String name, String value, Instant at);

    void beat(Heartbeat heartbeat);

    Optional<Heartbeat> heartbeat(String node);

    /** Every node's last heartbeat, by node name (a fleet shares one store). */
    List<Heartbeat> heartbeats();

    /** Adds the command, or records one more failed attempt of it; {@code nextAt} is when to try again. */
    void pending(JailName jail, IpPrefix target, Op op, Instant at, Instant nextAt, String error);

    /** The commands due at {@code now}, oldest first, at most {@code limit}. */
    List<PendingOp> due(Instant now, int limit);

    /** Removes one command (it succeeded, or is no longer wanted). */
    void done(JailName jail, IpPrefix target, Op op);

    /** Removes every command for {@code target} (an admin lifted or forgave it); returns how many. */
    int dropPending(IpPrefix target);

    int pendingCount();

    /**
     * Caps the page cache of the store's connection (SQLite; PostgreSQL keeps its cache in the
     * server). A daemon runs for months on small indexed reads and writes: the large cache that
     * speeds up an import would only stay resident.
     */
    void limitPageCache(int kibibytes);
}
