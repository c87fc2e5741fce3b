package org.saslfail.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.BanSetPort.Element;

/**
 * What every {@link BanSetPort} must do, written once and run against each implementation
 * (in memory here, the nftables table in a network namespace in saslfail-fail2ban). Each test
 * starts from a fresh, empty set made with {@link BanSetPort#replace}.
 */
public interface BanSetContract {
    /** How far a kept expiry may drift from the one given (a kernel counts its timeouts down on its own). */
    Duration SLACK = Duration.ofSeconds(5);

    BanSetPort set();

    /** Now, on the clock the set's expiries are measured against. */
    Instant now();

    private Map<IpPrefix, Element> held() {
        Map<IpPrefix, Element> held = new HashMap<>();
        set().forEachElement(e -> held.put(e.target(), e));
        return held;
    }

    private String replace(Element... elements) {
        return set().replace(BanSetPort.Elements.of(List.of(elements)));
    }

    private static void assertAbout(Instant expected, Instant actual) {
        assertTrue(actual != null && Duration.between(expected, actual).abs().compareTo(SLACK) <= 0,
                () -> "expected an expiry near " + expected + " but was " + actual);
    }

    @Test
    default void addedHostsNetworksAndIpv6AreHeldWithTheirExpiries() {
        replace();
        Instant in8d = now().plus(Duration.ofDays(8));
        set().apply(List.of(new Element(IpPrefix.parse("198.51.100.7"), in8d),
                new Element(IpPrefix.parse("198.51.100.0/24"), in8d),
                new Element(IpPrefix.parse("2001:db8:7::/64"), in8d),
                new Element(IpPrefix.parse("2001:db8:9::/48"), in8d)), List.of());
        Map<IpPrefix, Element> held = held();
        assertEquals(4, held.size(), held::toString);
        held.values().forEach(e -> assertAbout(in8d, e.expiresAt()));
    }

    @Test
    default void aPermanentBanHasNoExpiry() {
        replace();
        set().apply(List.of(new Element(IpPrefix.parse("198.51.100.8"), null)), List.of());
        assertNull(held().get(IpPrefix.parse("198.51.100.8")).expiresAt());
    }

    @Test
    default void removingWhatIsNotHeldIsNoErrorAndRemovesTheRest() {
        replace(new Element(IpPrefix.parse("198.51.100.9"), now().plus(Duration.ofDays(2))));
        set().apply(List.of(), List.of(IpPrefix.parse("198.51.100.10"), IpPrefix.parse("198.51.100.9"),
                IpPrefix.parse("2001:db8:5::/64"), IpPrefix.parse("198.51.99.0/24")));
        assertTrue(held().isEmpty());
    }

    @Test
    default void addingAHeldTargetAgainReplacesItsExpiry() {
        IpPrefix ip = IpPrefix.parse("198.51.100.11");
        replace(new Element(ip, now().plus(Duration.ofDays(2))));
        Instant later = now().plus(Duration.ofDays(32));
        set().apply(List.of(new Element(ip, later)), List.of());
        assertAbout(later, held().get(ip).expiresAt());
        set().apply(List.of(new Element(ip, null)), List.of());
        assertNull(held().get(ip).expiresAt());
    }

    @Test
    default void anElementWhoseBanHasEndedIsNotAdded() {
        replace(new Element(IpPrefix.parse("198.51.100.12"), now().minusSeconds(1)));
        assertTrue(held().isEmpty());
    }

    @Test
    default void replaceHoldsExactlyTheGivenElementsUnderANewGeneration() {
        String before = replace(new Element(IpPrefix.parse("198.51.100.13"), null));
        set().apply(List.of(new Element(IpPrefix.parse("198.51.100.14"), null)), List.of());
        assertTrue(set().holds(before), "apply keeps the generation");
        String after = replace(new Element(IpPrefix.parse("198.51.100.15"), null));
        assertFalse(set().holds(before));
        assertTrue(set().holds(after));
        assertNotEquals(before, after);
        assertEquals(List.of(IpPrefix.parse("198.51.100.15")), List.copyOf(held().keySet()));
    }

    @Test
    default void aDroppedSetHoldsNoGenerationAndDroppingTwiceIsNoError() {
        String g = replace(new Element(IpPrefix.parse("198.51.100.16"), null));
        assertTrue(set().exists());
        set().drop();
        set().drop();
        assertFalse(set().exists());
        assertFalse(set().holds(g));
        assertTrue(held().isEmpty());
    }
}
