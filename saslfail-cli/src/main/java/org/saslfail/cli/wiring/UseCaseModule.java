package org.saslfail.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import java.util.List;
import java.util.Optional;
import org.saslfail.core.config.Settings;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.in.ByDayUseCase;
import org.saslfail.core.port.in.DayBansUseCase;
import org.saslfail.core.port.in.EnforcementStatusUseCase;
import org.saslfail.core.port.in.ForgiveUseCase;
import org.saslfail.core.port.in.HistoryUseCase;
import org.saslfail.core.port.in.LiftBanUseCase;
import org.saslfail.core.port.in.ManualBanUseCase;
import org.saslfail.core.port.in.OffenderUseCase;
import org.saslfail.core.port.in.RepeatOffendersUseCase;
import org.saslfail.core.port.in.ReportSummaryUseCase;
import org.saslfail.core.port.in.StatusUseCase;
import org.saslfail.core.port.in.TopOffendersUseCase;
import org.saslfail.core.port.in.ReplayUseCase;
import org.saslfail.core.port.in.PruneUseCase;
import org.saslfail.core.port.out.BanSetPort;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.core.port.out.FindBanSetPort;
import org.saslfail.core.port.out.FleetDecisionPort;
import org.saslfail.core.port.out.ForgetHistoryPort;
import org.saslfail.core.port.out.JailAdminPort;
import org.saslfail.core.port.out.KnownUserPort;
import org.saslfail.core.port.out.LoadHistoryPort;
import org.saslfail.core.port.out.PrunePort;
import org.saslfail.core.port.out.RecordOutcomePort;
import org.saslfail.core.port.out.ReportQueryPort;
import org.saslfail.core.port.out.RunningBansPort;
import org.saslfail.core.service.EnforcementStatusService;
import org.saslfail.core.service.LiftService;
import org.saslfail.core.service.FleetPublisher;
import org.saslfail.core.service.FleetStatusService;
import org.saslfail.core.port.in.FleetStatusUseCase;
import org.saslfail.core.service.ManualBanService;
import org.saslfail.core.service.PruneService;
import org.saslfail.core.service.ReplayService;
import org.saslfail.core.service.ReportQueryService;
import org.saslfail.core.service.DayBansService;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.service.ReportService;

/** The core's use cases over the ports the adapters' modules bind: the one place they are built. */
public final class UseCaseModule extends AbstractModule {

    /** This node's announcements to the fleet ({@code fleet.node}); none outside a fleet. */
    @Provides
    FleetPublisher fleetPublisher(Settings settings, Provider<FleetDecisionPort> decisions,
                                  Provider<RecordOutcomePort> recorder) {
        return settings.fleet().map(f -> new FleetPublisher(f, decisions.get(), recorder.get())).orElse(FleetPublisher.NONE);
    }

    @Provides
    FleetStatusUseCase fleetStatus(FleetDecisionPort decisions, DaemonStore state) {
        return new FleetStatusService(decisions, state);
    }

    @Provides
    LiftService liftService(EscalationPolicy policy, Settings settings, ForgetHistoryPort history,
                            ReportQueryPort reports, DaemonStore state, JailAdminPort jails, Optional<BanSetPort> banSet,
                            FleetPublisher fleet) {
        return new LiftService(policy, settings.services(), history, reports, state, jails, banSet, fleet);
    }

    @Provides
    LiftBanUseCase lift(LiftService service) {
        return service;
    }

    @Provides
    ForgiveUseCase forgive(LiftService service) {
        return service;
    }

    /**
     * The policy (with this machine's addresses) is built only when the ban set is read and compared
     * ({@code doctor}), the daemon's state opened only under nftables: status under fail2ban needs neither.
     */
    @Provides
    EnforcementStatusUseCase enforcementStatus(Optional<BanSetPort> banSet, FindBanSetPort find, Settings settings,
                                               com.google.inject.Provider<EscalationPolicy> policy, RunningBansPort running,
                                               com.google.inject.Provider<DaemonStore> state) {
        return new EnforcementStatusService(banSet, () -> find.find(settings), policy::get, running, state::get);
    }

    /** The policy without this machine's addresses: status needs no ignore list, and starts faster. */
    @Provides
    StatusUseCase status(Settings settings, ReportQueryPort reports) {
        return new ReportService(settings.policy(List.of()), settings.services(), reports);
    }

    /** The policy without this machine's addresses: these reports apply no ban refusal, and start faster. */
    @Provides
    ReportQueryService reportQueries(Settings settings, ReportQueryPort reports) {
        return new ReportQueryService(settings.policy(List.of()), reports);
    }

    @Provides
    ReportSummaryUseCase reportSummary(ReportQueryService service) {
        return service;
    }

    @Provides
    ByDayUseCase byDay(ReportQueryService service) {
        return service;
    }

    @Provides
    HistoryUseCase history(ReportQueryService service) {
        return service;
    }

    @Provides
    DayBansUseCase dayBans(SummaryQueryPort summaries) {
        return new DayBansService(summaries);
    }

    /** The whole policy: an own address or one the ignore list holds never goes on a firewall list. */
    @Provides
    RepeatOffendersUseCase repeatOffenders(EscalationPolicy policy, ReportQueryPort reports) {
        return new ReportQueryService(policy, reports);
    }

    /** The whole policy: an offender whose /64 holds an own address is that address alone. */
    @Provides
    TopOffendersUseCase topOffenders(EscalationPolicy policy, Settings settings, ReportQueryPort reports,
                                     KnownUserPort knownUsers) {
        return new ReportService(policy, settings.services(), reports, knownUsers);
    }

    /** The whole policy: an offender whose /64 holds an own address is that address alone. */
    @Provides
    OffenderUseCase offender(EscalationPolicy policy, Settings settings, ReportQueryPort reports, KnownUserPort knownUsers) {
        return new ReportService(policy, settings.services(), reports, knownUsers);
    }

    @Provides
    PruneUseCase prune(Settings settings, PrunePort store) {
        return PruneService.configured(settings, store);
    }

    @Provides
    ReplayUseCase replay(EscalationPolicy policy, LoadHistoryPort history, RecordOutcomePort recorder,
                         ReportQueryPort reports, KnownUserPort knownUsers) {
        return new ReplayService(policy, history, recorder, reports, knownUsers);
    }

    @Provides
    ManualBanUseCase manualBan(EscalationPolicy policy, Settings settings, LoadHistoryPort history,
                               RecordOutcomePort recorder, ForgetHistoryPort lifts, DaemonStore state, JailAdminPort jails,
                               Optional<BanSetPort> banSet, FleetPublisher fleet) {
        return new ManualBanService(new Escalator(policy), settings.services(), history, recorder, lifts, state, jails,
                banSet, fleet);
    }
}
