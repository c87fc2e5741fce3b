package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.DaemonStore.Heartbeat;
import org.saslfail.core.port.out.DaemonStore.Op;
import org.saslfail.core.port.out.DaemonStore.PendingOp;

/**
 * The behaviour every {@link DaemonStore} must have, written once: named state, heartbeats per
 * node, and pending jail commands (one per jail, target and operation; a repeat counts an attempt).
 * An implementation's test returns a fresh, empty store from {@link #daemonStore()} per test.
 */
public interface DaemonStoreContract {
    Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    JailName STRIKE2 = JailName.of("saslfail-strike2");
    JailName POSTFIX = JailName.of("saslfail-postfix");
    IpPrefix A = IpPrefix.parse("203.0.113.7/32");
    IpPrefix B = IpPrefix.parse("2001:db8:1:2::/64");

    DaemonStore daemonStore();

    @Test
    default void namedStateIsReadBackAndOverwritten() {
        DaemonStore s = daemonStore();
        assertTrue(s.state("intake.watermark").isEmpty());
        s.putState("intake.watermark", "12 1772359200", T0);
        s.putState("intake.watermark", "13 1772359260", T0.plusSeconds(60));
        assertEquals("13 1772359260", s.state("intake.watermark").orElseThrow());
    }

    @Test
    default void heartbeatIsKeptPerNodeAndReplacedByTheNextBeat() {
        DaemonStore s = daemonStore();
        s.beat(new Heartbeat("mx1", 42, T0, T0.plusSeconds(5), Duration.ofMillis(300), 0, "fail2ban reachable"));
        s.beat(new Heartbeat("mx1", 42, T0, T0.plusSeconds(10), null, 2, "fail2ban unreachable"));
        s.beat(new Heartbeat("mx2", 7, T0, T0.plusSeconds(1), Duration.ZERO, 0, "fail2ban reachable"));
        Heartbeat h = s.heartbeat("mx1").orElseThrow();
        assertEquals(new Heartbeat("mx1", 42, T0, T0.plusSeconds(10), null, 2, "fail2ban unreachable"), h);
        assertEquals(7, s.heartbeat("mx2").orElseThrow().pid());
        assertTrue(s.heartbeat("mx3").isEmpty());
    }

    @Test
    default void aPendingCommandIsDueAtItsTimeAndARepeatCountsOneMoreAttempt() {
        DaemonStore s = daemonStore();
        s.pending(STRIKE2, A, Op.BAN, T0, T0.plusSeconds(1), "fail2ban is unreachable");
        s.pending(STRIKE2, A, Op.BAN, T0.plusSeconds(1), T0.plusSeconds(3), "still unreachable");
        assertEquals(List.of(), s.due(T0.plusSeconds(2), 10));
        List<PendingOp> due = s.due(T0.plusSeconds(3), 10);
        assertEquals(List.of(new PendingOp(STRIKE2, A, Op.BAN, T0, 2, T0.plusSeconds(3), "still unreachable")), due);
        assertEquals(1, s.pendingCount());
    }

    @Test
    default void dueCommandsComeOldestFirstUpToTheLimit() {
        DaemonStore s = daemonStore();
        s.pending(POSTFIX, A, Op.UNBAN, T0.plusSeconds(2), T0, "x");
        s.pending(STRIKE2, B, Op.BAN, T0, T0, "x");
        s.pending(STRIKE2, A, Op.BAN, T0.plusSeconds(1), T0, "x");
        List<PendingOp> due = s.due(T0, 2);
        assertEquals(List.of(B, A), due.stream().map(PendingOp::target).toList());
        assertEquals(List.of(Op.BAN, Op.BAN), due.stream().map(PendingOp::op).toList());
    }

    @Test
    default void doneRemovesOneCommandAndDropRemovesEveryCommandOfATarget() {
        DaemonStore s = daemonStore();
        s.pending(STRIKE2, A, Op.BAN, T0, T0, "x");
        s.pending(POSTFIX, A, Op.UNBAN, T0, T0, "x");
        s.pending(STRIKE2, B, Op.BAN, T0, T0, "x");
        s.done(STRIKE2, A, Op.UNBAN); // not pending: nothing happens
        assertEquals(3, s.pendingCount());
        s.done(STRIKE2, B, Op.BAN);
        assertEquals(2, s.pendingCount());
        assertEquals(2, s.dropPending(A));
        assertEquals(0, s.pendingCount());
        assertEquals(0, s.dropPending(A));
    }
}
