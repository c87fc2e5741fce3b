package org.saslfail.fail2ban.client;

import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.testing.JailAdminContract;
import org.saslfail.core.testing.JailGatewayContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.fail2ban.testing.Fail2banServer;

/** The gateway and jail-admin contracts against a real fail2ban server. */
class SocketJailGatewayIT implements JailGatewayContract, JailAdminContract {
    private static Fail2banServer server;
    private static Fail2banClient client;

    @BeforeAll
    static void startFail2ban() {
        server = Fail2banServer.start("gw", Fail2banServer.dummyJail("saslfail-strike2", "600")
                + Fail2banServer.dummyJail("saslfail-strike3", "1200"));
        client = new Fail2banClient(server.socket());
    }

    @AfterAll
    static void stopFail2ban() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    public JailGateway gateway() {
        return new SocketJailGateway(client);
    }

    @Override
    public JailAdminPort jails() {
        return client;
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
        return server.bannedIn(jail);
    }
}
