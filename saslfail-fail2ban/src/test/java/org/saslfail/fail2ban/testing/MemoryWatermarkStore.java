package org.saslfail.fail2ban.testing;

import org.saslfail.fail2ban.intake.Watermark;
import org.saslfail.fail2ban.intake.WatermarkStore;

/** A watermark kept in memory only, for tests and benchmarks that start from scratch. */
public final class MemoryWatermarkStore implements WatermarkStore {
    private Watermark mark = Watermark.START;

    @Override
    public synchronized Watermark load() {
        return mark;
    }

    @Override
    public synchronized void save(Watermark watermark) {
        mark = watermark;
    }
}
