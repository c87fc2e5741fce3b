package org.saslfail.core.service;

import java.util.Optional;
import java.util.function.Supplier;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.port.in.EnforcementStatusUseCase;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.RunningBansPort;

/** Reports the enforcement backend and saslfail's ban set: read now ({@link BanSetSync#read}) or as the daemon last saw it. */
public final class EnforcementStatusService implements EnforcementStatusUseCase {
    private final Optional<BanSetPort> banSet;
    private final Supplier<Optional<BanSetPort>> leftover;
    private final Supplier<EscalationPolicy> policy;
    private final RunningBansPort running;
    private final Supplier<DaemonStore> state;

    /**
     * @param banSet   saslfail's own ban set ({@code enforcement = nftables}), or empty when fail2ban enforces every ban
     * @param leftover under {@code enforcement = fail2ban}: finds a ban set of saslfail's left from nftables
     *                 enforcement (asked for only when the set is read)
     * @param policy   the policy, asked for only when the set is read and compared
     * @param state    the daemon's state, asked for only when its last figures for the set are wanted
     */
    public EnforcementStatusService(Optional<BanSetPort> banSet, Supplier<Optional<BanSetPort>> leftover,
                                    Supplier<EscalationPolicy> policy, RunningBansPort running, Supplier<DaemonStore> state) {
        this.banSet = banSet;
        this.leftover = leftover;
        this.policy = policy;
        this.running = running;
        this.state = state;
    }

    @Override
    public EnforcementStatus status(EnforcementQuery q) {
        if (banSet.isEmpty()) {
            // a table left from enforcement = nftables still enforces until the daemon hands it back
            Optional<BanSetPort> left = q.read() ? leftover.get() : Optional.empty();
            return new EnforcementStatus("fail2ban", left.map(BanSetPort::location), left.isPresent(),
                    left.map(set -> BanSetSync.read(policy.get(), running, set, q.now())));
        }
        BanSetPort set = banSet.get();
        Optional<String> location = Optional.of(set.location());
        if (!q.read()) {
            Optional<BanSetSync.Result> last = state.get().state(BanSetSync.STATE).flatMap(BanSetSync.Result::decode);
            return new EnforcementStatus("nftables", location, last.isPresent(), last);
        }
        if (!set.exists()) {
            return new EnforcementStatus("nftables", location, false, Optional.empty());
        }
        return new EnforcementStatus("nftables", location, true, Optional.of(BanSetSync.read(policy.get(), running, set, q.now())));
    }
}
