package org.saslfail.core.testing;

import org.junit.jupiter.api.BeforeEach;

class InMemoryOffenseStoreTest implements OffenseStoreContract<InMemoryOffenseStore>,
        ForgetHistoryContract<InMemoryOffenseStore> {
    private InMemoryOffenseStore store;

    @BeforeEach
    void fresh() {
        store = new InMemoryOffenseStore();
    }

    @Override
    public InMemoryOffenseStore store() {
        return store;
    }
}
