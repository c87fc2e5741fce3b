package org.saslfail.core.testing;

/** The daemon-state contract on the in-memory fake. */
class InMemoryDaemonStoreTest implements DaemonStoreContract {
    private final InMemoryDaemonStore store = new InMemoryDaemonStore();

    @Override
    public InMemoryDaemonStore daemonStore() {
        return store;
    }
}
