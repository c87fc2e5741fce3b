package org.saslfail.fail2ban.client;

import org.saslfail.core.testing.JailGatewayContract;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;

class DryRunJailGatewayTest implements JailGatewayContract {
    private final DryRunJailGateway gateway = new DryRunJailGateway();

    @Override
    public JailGateway gateway() {
        return gateway;
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
    public List<IpPrefix> bannedIn(JailName jail) {
        return gateway.banned(jail);
    }

    @Test
    void recordsEveryActionInOrder() {
        IpPrefix ip = IpPrefix.parse("192.0.2.99");
        gateway.ban(jail(), ip);
        gateway.unban(otherJail(), ip);
        assertEquals(List.of("ban 192.0.2.99 in saslfail-strike2", "unban 192.0.2.99 in saslfail-strike3"),
                gateway.actions().stream().map(Object::toString).toList());
    }
}
