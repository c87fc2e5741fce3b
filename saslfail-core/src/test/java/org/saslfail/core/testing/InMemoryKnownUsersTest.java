package org.saslfail.core.testing;

import org.saslfail.core.port.out.KnownUserPort;

class InMemoryKnownUsersTest implements KnownUserContract {
    @Override
    public KnownUserPort knownUsers() {
        return new InMemoryKnownUsers();
    }
}
