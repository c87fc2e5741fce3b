package org.saslfail.fail2ban.daemon;

import java.time.Clock;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.fail2ban.intake.Watermark;
import org.saslfail.fail2ban.intake.WatermarkStore;

/** Keeps the intake's watermark in saslfail's own store, so that history and watermark travel together. */
public final class StoreWatermarks implements WatermarkStore {
    static final String KEY = "intake.watermark";

    private final DaemonStore state;
    private final Clock clock;

    public StoreWatermarks(DaemonStore state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    @Override
    public Watermark load() {
        return state.state(KEY).map(StoreWatermarks::parse).orElse(Watermark.START);
    }

    @Override
    public void save(Watermark watermark) {
        state.putState(KEY, watermark.rowId() + " " + watermark.timeOfBan(), clock.instant());
    }

    private static Watermark parse(String text) {
        String[] parts = text.strip().split(" ");
        try {
            return new Watermark(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalStateException("damaged intake watermark '" + text + "' in the store (state "
                    + KEY + ")", e);
        }
    }
}
