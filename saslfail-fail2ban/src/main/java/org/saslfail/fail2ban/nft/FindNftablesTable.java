package org.saslfail.fail2ban.nft;

import java.time.Clock;
import java.util.Optional;
import org.saslfail.core.config.Settings;
import org.saslfail.core.port.out.BanSetException;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.FindBanSetPort;

/** Finds table {@code inet saslfail} with the {@code nft} program the settings name, whichever backend enforces now. */
final class FindNftablesTable implements FindBanSetPort {

    @Override
    public Optional<BanSetPort> find(Settings settings) {
        NftablesBanSet table = NftablesBanSet.of(settings, Clock.systemUTC());
        try {
            return table.exists() ? Optional.of(table) : Optional.empty();
        } catch (BanSetException e) {
            return Optional.empty(); // no nft program here: there can be no table of saslfail's either
        }
    }
}
