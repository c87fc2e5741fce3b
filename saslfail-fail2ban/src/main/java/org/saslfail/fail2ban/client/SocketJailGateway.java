package org.saslfail.fail2ban.client;

import java.util.List;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;

/** Enforces bans through fail2ban's control socket. */
final class SocketJailGateway implements JailGateway {
    private final Fail2banClient client;

    SocketJailGateway(Fail2banClient client) {
        this.client = client;
    }

    @Override
    public void ban(JailName jail, IpPrefix target) {
        client.ban(jail, List.of(target));
    }

    @Override
    public void unban(JailName jail, IpPrefix target) {
        client.unban(jail, List.of(target));
    }
}
