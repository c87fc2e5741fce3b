package org.saslfail.fail2ban.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.testing.JailAdminContract;
import org.saslfail.fail2ban.testing.Fail2banServer;

/** The jail-admin contract against a real fail2ban server. */
class Fail2banJailAdminIT implements JailAdminContract {
    private static Fail2banServer server;
    private static Fail2banClient client;

    @BeforeAll
    static void startFail2ban() {
        server = Fail2banServer.start("adm", Fail2banServer.dummyJail("saslfail-strike2", "600")
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
}
