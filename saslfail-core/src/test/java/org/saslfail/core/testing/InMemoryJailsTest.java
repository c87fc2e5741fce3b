package org.saslfail.core.testing;

import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;

/** The jail-admin and gateway contracts on the in-memory jails. */
class InMemoryJailsTest implements JailAdminContract, JailGatewayContract {
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
}
