package org.saslfail.core.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.saslfail.core.model.IpPrefix;

/**
 * A kernel ban set that enforces saslfail's long bans (tier, subnet, permanent) by itself: each
 * element ends at its own expiry even when saslfail is not running. Every call is one
 * transaction: it takes effect whole or not at all. Implementations validate every value before
 * it leaves and throw {@link BanSetException} when the set refuses a change or cannot be reached.
 */
public interface BanSetPort {

    /** One banned target and the instant its ban ends; {@code expiresAt} is null for a permanent ban. */
    record Element(IpPrefix target, Instant expiresAt) {
        public Element {
            Objects.requireNonNull(target, "target");
        }

        public boolean permanent() {
            return expiresAt == null;
        }
    }

    /**
     * Elements handed out one by one, as often as asked, without being held as objects (a set of
     * 500,000 would not fit the daemon's heap as a list).
     */
    @FunctionalInterface
    interface Elements {
        void forEach(Consumer<Element> sink);

        static Elements of(List<Element> list) {
            return list::forEach;
        }
    }

    /**
     * Adds and removes in one transaction. Adding a target the set holds replaces its expiry;
     * removing one it does not hold is not an error; an element whose expiry has passed is not added.
     */
    void apply(List<Element> add, List<IpPrefix> remove);

    /**
     * Makes the set hold exactly {@code elements} (creating it when absent), in one transaction.
     * The implementation may walk {@code elements} more than once.
     *
     * @return a token for this incarnation of the set, for {@link #holds}
     */
    String replace(Elements elements);

    /** Hands everything the set holds now to {@code sink}, expiries as the set keeps them. The slow, full read. */
    void forEachElement(Consumer<Element> sink);

    /**
     * The cheap check: whether the set is still the incarnation {@link #replace} returned
     * {@code generation} for (only {@link #apply} changed it since), reading none of its elements.
     * False once it was created anew, flushed with its table, lost in a reboot, or dropped.
     */
    boolean holds(String generation);

    /** Where the set lives, for people: e.g. {@code table inet saslfail}. */
    String location();

    /** The names of the sets this port keeps, in the order a report lists them. */
    List<String> sets();

    /** The name of the set (of the several this port may keep) that holds {@code target}: what counts are kept by. */
    String setOf(IpPrefix target);

    /** Whether the set exists at all (cheap, reads no element). */
    boolean exists();

    /** Removes the set and whatever enforces it; removing what does not exist is not an error. */
    void drop();
}
