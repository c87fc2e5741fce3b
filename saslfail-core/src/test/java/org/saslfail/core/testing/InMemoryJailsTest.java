package org.saslfail.core.testing;

import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailEnforcementPort.JailCommand;
import org.saslfail.core.port.out.JailGateway;

/** The jail-admin, gateway and enforcement contracts on the in-memory jails. */
class InMemoryJailsTest implements JailAdminContract, JailGatewayContract, JailEnforcementContract {
    private final InMemoryJails jails = new InMemoryJails(List.of(jail(), otherJail()));

    @Override
    public InMemoryJails jails() {
        return jails;
    }

    @Override
    public JailName jail() {
        return JailName.of("saslfail-strike2");
    }

    @Override
    public JailName otherJail() {
        return JailName.of("saslfail-strike3");
    }

    @Override
    public JailGateway gateway() {
        return jails;
    }

    @Override
    public List<IpPrefix> bannedIn(JailName jail) {
        return jails.bannedIn(jail);
    }

    @Override
    public JailEnforcementPort enforcement() {
        return jails;
    }

    @Override
    public List<JailCommand> kept() {
        return jails.pending();
    }
}
