package org.saslfail.core.testing;

import org.saslfail.core.port.out.OutboxPort;

class InMemoryOutboxTest implements OutboxContract {
    @Override
    public OutboxPort outbox() {
        return new InMemoryOutbox();
    }
}
