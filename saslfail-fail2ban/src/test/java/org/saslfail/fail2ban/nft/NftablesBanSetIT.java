package org.saslfail.fail2ban.nft;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.testing.BanSetContract;
import org.saslfail.fail2ban.testing.Netns;

/** The ban set contract against the real nftables table, in a network namespace of its own. */
class NftablesBanSetIT implements BanSetContract {
    private static Netns ns;
    private static NftablesBanSet set;

    @BeforeAll
    static void namespace() {
        Assumptions.assumeTrue(Netns.available(), "needs root and nft");
        ns = new Netns("nfc-srv", "nfc-atk").up();
        set = new NftablesBanSet(ns.nft(), Clock.systemUTC(), 64, List.of(25, 587));
    }

    @AfterAll
    static void teardown() {
        if (ns != null) {
            ns.close();
        }
    }

    @Override
    public BanSetPort set() {
        return set;
    }

    @Override
    public Instant now() {
        return Instant.now();
    }
}
