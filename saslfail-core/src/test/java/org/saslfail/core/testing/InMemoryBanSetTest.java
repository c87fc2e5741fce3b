package org.saslfail.core.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.saslfail.core.port.out.BanSetPort;

class InMemoryBanSetTest implements BanSetContract {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final InMemoryBanSet set = new InMemoryBanSet(Clock.fixed(NOW, ZoneOffset.UTC));

    @Override
    public BanSetPort set() {
        return set;
    }

    @Override
    public Instant now() {
        return NOW;
    }
}
