package org.saslfail.core.service;

import java.time.Instant;
import java.util.BitSet;
import java.util.function.Consumer;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.out.BanSetPort.Element;
import org.saslfail.core.port.out.BanSetPort.Elements;
import org.saslfail.core.port.out.RunningBansPort;

/**
 * The elements a ban set must hold, kept in primitive arrays (an open-addressing table of 26
 * bytes a slot, 1.5 slots per ban), so that 500,000 running bans cost about 20 MB instead of the
 * ~100 MB they would as objects. One target, one element: the longest ban wins. Sized from the
 * previous count, so that a daemon's heap never holds a table and its grown copy at once.
 */
final class WantedBans implements Elements {
    private static final long PERMANENT = Long.MAX_VALUE;
    private long[] high;
    private long[] low;
    /** version << 8 | prefix length; 0 marks an empty slot. */
    private short[] meta;
    private long[] expires;
    private int size;

    private WantedBans(int expected) {
        int capacity = Math.max(16, expected + expected / 2 + 1);
        high = new long[capacity];
        low = new long[capacity];
        meta = new short[capacity];
        expires = new long[capacity];
    }

    /**
     * saslfail's own running bans ({@link EscalationPolicy#ownBan}) at {@code at}.
     *
     * @param expected about how many there are (the last count); the table grows past it if needed
     */
    static WantedBans read(EscalationPolicy policy, RunningBansPort running, Instant at, int expected) {
        WantedBans w = new WantedBans(expected + expected / 16);
        running.forEachRunningBan(at, (offender, jail, expiresAt) -> {
            if (policy.ownBan(jail, offender)) {
                w.put(offender, expiresAt == null ? PERMANENT : expiresAt.toEpochMilli());
            }
        });
        return w;
    }

    int size() {
        return size;
    }

    private static short meta(IpPrefix p) {
        return (short) (p.network().version() << 8 | p.length());
    }

    private int slot(IpPrefix p) {
        IpAddress a = p.network();
        short m = meta(p);
        int n = meta.length;
        long h = a.high() * 0x9E3779B97F4A7C15L ^ a.low() * 0xC2B2AE3D27D4EB4FL ^ m;
        int i = (int) Long.remainderUnsigned(h ^ h >>> 29, n);
        while (meta[i] != 0 && !(meta[i] == m && high[i] == a.high() && low[i] == a.low())) {
            i = i + 1 == n ? 0 : i + 1;
        }
        return i;
    }

    private void put(IpPrefix p, long expiry) {
        if ((long) (size + 1) * 4 > (long) meta.length * 3) {
            grow();
        }
        int i = slot(p);
        if (meta[i] == 0) {
            meta[i] = meta(p);
            high[i] = p.network().high();
            low[i] = p.network().low();
            expires[i] = expiry;
            size++;
        } else if (expiry > expires[i]) {
            expires[i] = expiry;
        }
    }

    private void grow() {
        long[] h = high;
        long[] l = low;
        short[] m = meta;
        long[] e = expires;
        high = new long[h.length * 2];
        low = new long[h.length * 2];
        meta = new short[h.length * 2];
        expires = new long[h.length * 2];
        size = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] != 0) {
                put(prefix(m[i], h[i], l[i]), e[i]);
            }
        }
    }

    private static IpPrefix prefix(short m, long high, long low) {
        return new IpPrefix(new IpAddress(m >> 8, high, low), m & 0xff);
    }

    private Element element(int i) {
        return new Element(prefix(meta[i], high[i], low[i]), expires[i] == PERMANENT ? null : Instant.ofEpochMilli(expires[i]));
    }

    /** The wanted element for {@code target}, or null. */
    Element get(IpPrefix target) {
        int i = slot(target);
        return meta[i] == 0 ? null : element(i);
    }

    /** The index of {@code target}'s slot when it is wanted, else -1 (for marking what a set holds). */
    int indexOf(IpPrefix target) {
        int i = slot(target);
        return meta[i] == 0 ? -1 : i;
    }

    /** Every wanted element whose slot is not set in {@code seen}. */
    void forEachNotIn(BitSet seen, Consumer<Element> sink) {
        for (int i = 0; i < meta.length; i++) {
            if (meta[i] != 0 && !seen.get(i)) {
                sink.accept(element(i));
            }
        }
    }

    /** How many wanted elements each class holds, by {@code classOf} of their targets. */
    java.util.Map<String, Integer> countBy(java.util.function.Function<IpPrefix, String> classOf) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < meta.length; i++) {
            if (meta[i] != 0) {
                counts.merge(classOf.apply(prefix(meta[i], high[i], low[i])), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public void forEach(Consumer<Element> sink) {
        forEachNotIn(new BitSet(), sink);
    }
}
