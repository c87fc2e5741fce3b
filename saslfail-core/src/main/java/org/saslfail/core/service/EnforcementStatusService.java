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
    private final Supplier<EscalationPolicy> policy;
    private final RunningBansPort running;
    private final DaemonStore state;

    /**
     * @param banSet saslfail's own ban set ({@code enforcement = nftables}), or empty when fail2ban enforces every ban
     * @param policy the policy, asked for only when the set is read and compared
     */
    public EnforcementStatusService(Optional<BanSetPort> banSet, Supplier<EscalationPolicy> policy, RunningBansPort running,
                                    DaemonStore state) {
        this.banSet = banSet;
        this.policy = policy;
        this.running = running;
        this.state = state;
    }

    @Override
    public EnforcementStatus status(EnforcementQuery q) {
        if (banSet.isEmpty()) {
            return new EnforcementStatus("fail2ban", Optional.empty(), false, Optional.empty());
        }
        BanSetPort set = banSet.get();
        Optional<String> location = Optional.of(set.location());
        if (!q.read()) {
            Optional<BanSetSync.Result> last = state.state(BanSetSync.STATE).flatMap(BanSetSync.Result::decode);
            return new EnforcementStatus("nftables", location, last.isPresent(), last);
        }
        if (!set.exists()) {
            return new EnforcementStatus("nftables", location, false, Optional.empty());
        }
        return new EnforcementStatus("nftables", location, true, Optional.of(BanSetSync.read(policy.get(), running, set, q.now())));
    }
}
