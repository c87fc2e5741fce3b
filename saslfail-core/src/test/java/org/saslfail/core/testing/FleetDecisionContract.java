package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.FleetDecision;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Service;
import org.saslfail.core.port.out.FleetDecisionPort;

/** The behaviour every {@link FleetDecisionPort} shares; an implementation's test implements this. */
public interface FleetDecisionContract {
    Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** A fresh store without decisions. */
    FleetDecisionPort decisions();

    static FleetDecision ban(String node, String ip, int strike, Instant at, Duration length) {
        IpPrefix offender = IpPrefix.parse(ip);
        JailName jail = strike == 1 ? JailName.strikeOne(Service.POSTFIX) : JailName.tier(strike);
        return FleetDecision.ban(node, new Offense(offender, IpAddress.parse(ip), Service.POSTFIX, strike, jail, at,
                length == null ? null : at.plus(length), null));
    }

    @Test
    default void decisionsComeBackInPublishOrderWithRisingIdsAndAllTheirFields() {
        FleetDecisionPort port = decisions();
        assertEquals(0, port.newest());
        FleetDecision a = port.publish(ban("mx1", "192.0.2.1", 1, T0, Duration.ofHours(48)));
        FleetDecision b = port.publish(ban("mx2", "192.0.2.2", 3, T0.plusSeconds(1), null));
        FleetDecision c = port.publish(FleetDecision.lift("mx1", IpPrefix.parse("192.0.2.1"), T0.plusSeconds(2)));
        assertTrue(a.id() < b.id() && b.id() < c.id(), "ids rise: " + List.of(a.id(), b.id(), c.id()));
        assertEquals(List.of(a, b, c), port.after(0, 10));
        assertEquals(List.of(b, c), port.after(a.id(), 10));
        assertEquals(List.of(b), port.after(a.id(), 1));
        assertEquals(c.id(), port.newest());
        assertEquals(ban("mx1", "192.0.2.1", 1, T0, Duration.ofHours(48)).withId(a.id()), a);
    }

    @Test
    default void endingListsOnlyOtherNodesBansThatEndInTheWindowSoonestFirst() {
        FleetDecisionPort port = decisions();
        FleetDecision late = port.publish(ban("mx1", "192.0.2.1", 1, T0, Duration.ofHours(48)));
        FleetDecision soon = port.publish(ban("mx1", "192.0.2.2", 2, T0, Duration.ofHours(1)));
        port.publish(ban("mx2", "192.0.2.3", 2, T0, Duration.ofHours(1)));      // this node's own
        port.publish(ban("mx1", "192.0.2.4", 3, T0, null));                     // permanent: never ends
        port.publish(FleetDecision.lift("mx1", IpPrefix.parse("192.0.2.2"), T0));
        assertEquals(List.of(soon, late), port.ending("mx2", T0, T0.plus(Duration.ofDays(3)), 10));
        assertEquals(List.of(late), port.ending("mx2", T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofDays(3)), 10));
        assertEquals(List.of(soon), port.ending("mx2", T0, T0.plus(Duration.ofHours(1)), 10));
    }

    @Test
    default void eachNodeKeepsItsOwnProgress() {
        FleetDecisionPort port = decisions();
        assertTrue(port.applied("mx1").isEmpty());
        port.markApplied(new FleetDecisionPort.Applied("mx1", 7, T0, T0.minusSeconds(5)));
        port.markApplied(new FleetDecisionPort.Applied("mx2", 3, T0.plusSeconds(1), T0));
        port.markApplied(new FleetDecisionPort.Applied("mx1", 9, T0.plusSeconds(2), T0.plusSeconds(2)));
        assertEquals(new FleetDecisionPort.Applied("mx1", 9, T0.plusSeconds(2), T0.plusSeconds(2)), port.applied("mx1").get());
        assertEquals(List.of(port.applied("mx1").get(), port.applied("mx2").get()), port.progress());
    }

    @Test
    default void awaitReturnsAtOnceWhenANewerDecisionIsThereAndWakesOnePublishedMeanwhile() throws Exception {
        FleetDecisionPort port = decisions();
        FleetDecision first = port.publish(ban("mx1", "192.0.2.1", 1, T0, Duration.ofHours(48)));
        long t = System.nanoTime();
        port.await(0, Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - t < Duration.ofSeconds(5).toNanos(), "a decision was already there");
        assertWokenByADecisionPublishedElsewhere(port, first.id());
    }

    /**
     * Waits (up to 20 s) for a decision after {@code id} while another node publishes one 300 ms
     * later; fails unless the wait ended within 5 s of that publish (woken, not timed out).
     */
    default void assertWokenByADecisionPublishedElsewhere(FleetDecisionPort port, long id) throws InterruptedException {
        AtomicLong woke = new AtomicLong();
        Thread waiter = new Thread(() -> {
            try {
                port.await(id, Duration.ofSeconds(20));
                woke.set(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        Thread.sleep(300);
        long published = System.nanoTime();
        publishElsewhere(port, ban("mx2", "192.0.2.9", 2, T0, Duration.ofDays(8)));
        waiter.join(20_000);
        assertTrue(woke.get() > 0 && woke.get() - published < Duration.ofSeconds(5).toNanos(),
                "woken by the decision, not by the time-out");
    }

    /** Publishes as another node would (a store adapter: from another connection). */
    default void publishElsewhere(FleetDecisionPort port, FleetDecision d) {
        port.publish(d);
    }
}
