package org.saslfail.core.testing;

import org.saslfail.core.port.out.FleetDecisionPort;

class InMemoryFleetDecisionsTest implements FleetDecisionContract {
    @Override
    public FleetDecisionPort decisions() {
        return new InMemoryFleetDecisions();
    }
}
