package org.saslfail.core.testing;

import org.saslfail.core.port.out.AlertWindowPort;

class InMemoryAlertWindowTest implements AlertWindowContract {
    @Override
    public AlertWindowPort alertWindow() {
        return new InMemoryAlertWindow();
    }
}
