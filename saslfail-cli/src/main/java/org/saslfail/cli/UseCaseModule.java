package org.saslfail.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.saslfail.core.config.Settings;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.ForgiveUseCase;
import org.saslfail.core.port.in.LiftBanUseCase;
import org.saslfail.core.port.in.ManualBanUseCase;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.ForgetHistoryPort;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.service.LiftService;
import org.saslfail.core.service.ManualBanService;

/** The core's use cases over the ports the adapters' modules bind: the one place they are built. */
final class UseCaseModule extends AbstractModule {

    @Provides
    LiftService liftService(EscalationPolicy policy, Settings settings, ForgetHistoryPort history,
                            ReportQueryPort reports, DaemonStore state, JailAdminPort jails) {
        return new LiftService(policy, settings.services(), history, reports, state, jails);
    }

    @Provides
    LiftBanUseCase lift(LiftService service) {
        return service;
    }

    @Provides
    ForgiveUseCase forgive(LiftService service) {
        return service;
    }

    @Provides
    ManualBanUseCase manualBan(EscalationPolicy policy, Settings settings, LoadHistoryPort history,
                               RecordOutcomePort recorder, ForgetHistoryPort lifts, DaemonStore state, JailAdminPort jails) {
        return new ManualBanService(new Escalator(policy), settings.services(), history, recorder, lifts, state, jails);
    }
}
