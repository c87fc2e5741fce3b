package org.saslfail.store;

import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;

/** A jail gateway that does nothing: store tests look at what was recorded, not at fail2ban. */
final class DryRunJails implements JailGateway {
    static final JailGateway INSTANCE = new DryRunJails();

    private DryRunJails() {
    }

    @Override
    public void ban(JailName jail, IpPrefix target) {
    }

    @Override
    public void unban(JailName jail, IpPrefix target) {
    }
}
