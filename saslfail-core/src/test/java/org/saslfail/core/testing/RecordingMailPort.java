package org.saslfail.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.saslfail.core.notify.RenderedMail;
import org.saslfail.core.port.out.MailDeliveryException;
import org.saslfail.core.port.out.MailPort;

/** A {@link MailPort} that records what it was handed, or refuses while {@link #down(boolean)}. */
public final class RecordingMailPort implements MailPort {
    private final List<RenderedMail> delivered = new ArrayList<>();
    private boolean down;

    @Override
    public synchronized void deliver(RenderedMail mail) {
        if (down) {
            throw new MailDeliveryException("test MTA is down");
        }
        delivered.add(mail);
    }

    public synchronized void down(boolean isDown) {
        this.down = isDown;
    }

    public synchronized List<RenderedMail> delivered() {
        return List.copyOf(delivered);
    }
}
