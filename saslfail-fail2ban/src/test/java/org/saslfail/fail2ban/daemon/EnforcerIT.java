package org.saslfail.fail2ban.daemon;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.EventLog;
import org.saslfail.core.port.out.JailEnforcementPort;
import org.saslfail.core.port.out.JailEnforcementPort.JailCommand;
import org.saslfail.core.testing.InMemoryDaemonStore;
import org.saslfail.core.testing.JailEnforcementContract;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.testing.Fail2banServer;

/** The enforcement contract on the daemon's Enforcer against a real fail2ban server; kept commands land in the store. */
class EnforcerIT implements JailEnforcementContract {
    private static Fail2banServer server;
    private static Fail2banClient client;
    private static final InMemoryDaemonStore state = new InMemoryDaemonStore();
    private static Enforcer enforcer;

    @BeforeAll
    static void startFail2ban() {
        server = Fail2banServer.start("enf", Fail2banServer.dummyJail("saslfail-strike2", "600"));
        client = new Fail2banClient(server.socket());
        enforcer = new Enforcer(client, state, Clock.systemUTC(), EventLog.systemLogger(),
                Set.of(JailName.of("saslfail-postfix")));
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
    public JailEnforcementPort enforcement() {
        return enforcer;
    }

    @Override
    public JailName jail() {
        return JailName.of("saslfail-strike2");
    }

    @Override
    public List<IpPrefix> bannedIn(JailName jail) {
        return server.bannedIn(jail);
    }

    @Override
    public List<JailCommand> kept() {
        return state.due(Instant.ofEpochMilli(Long.MAX_VALUE), 1000).stream()
                .map(p -> new JailCommand(p.jail(), p.target(), p.op())).toList();
    }
}
