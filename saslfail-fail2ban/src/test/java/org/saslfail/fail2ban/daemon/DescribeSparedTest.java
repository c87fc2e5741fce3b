package org.saslfail.fail2ban.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.model.Service;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;

/** The daemon's log line for a spared subnet names the subnet, the count and what spared it. */
class DescribeSparedTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static Outcome spared(EscalationPolicy p) {
        List<Offense> inside = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            IpPrefix ip = IpPrefix.parse("203.0.113." + i);
            inside.add(new Offense(ip, ip.network(), Service.POSTFIX, 1, EscalationPolicy.POSTFIX_JAIL, T0, T0.plusSeconds(3600), null));
        }
        return new Escalator(p).decideSubnet(BanEvent.ban("saslfail-postfix", "203.0.113.5", T0), IpPrefix.parse("203.0.113.0/24"),
                inside, List.of()).orElseThrow();
    }

    @Test
    void anOwnAddressAndAConfiguredIgnoreEntryAreToldApart() {
        IpPrefix own = IpPrefix.parse("203.0.113.25");
        EscalationPolicy p = EscalationPolicy.defaults().withIgnore(List.of(IpPrefix.parse("127.0.0.0/8"), own));
        String line = Daemon.describeSpared(spared(p), p, List.of(IpPrefix.parse("127.0.0.0/8")));
        assertTrue(line.startsWith("subnet 203.0.113.0/24 spared by this server's own address 203.0.113.25, never banned:"
                + " 5 offenders in 203.0.113.0/24 within 1d reached subnet_threshold 5"), line);
        String configured = Daemon.describeSpared(spared(p), p, List.of(own));
        assertTrue(configured.contains("spared by ignore entry 203.0.113.25"), configured);
    }
}
