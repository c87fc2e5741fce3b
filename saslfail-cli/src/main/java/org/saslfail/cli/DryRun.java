package org.saslfail.cli;

import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;

/** Enforcement for replays: nothing reaches fail2ban. */
final class DryRun {
    static final JailGateway GATEWAY = new JailGateway() {
        @Override
        public void ban(JailName jail, IpPrefix target) {
        }

        @Override
        public void unban(JailName jail, IpPrefix target) {
        }
    };

    private DryRun() {
    }
}
