package org.saslfail.cli.command;

import org.saslfail.cli.Errors;
import org.saslfail.cli.output.Times;
import org.saslfail.cli.wiring.App;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.in.EnforcementStatusUseCase;
import org.saslfail.core.port.in.EnforcementStatusUseCase.EnforcementStatus;
import org.saslfail.core.service.BanSetSync;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.config.Fail2banConfig;
import org.saslfail.fail2ban.config.JailSpec;
import org.saslfail.core.port.out.DaemonStore;
import org.saslfail.fail2ban.daemon.Daemon;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.StoreCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {
            "Check that saslfail works.",
            "The checks: the store is writable, its schema is current and (PostgreSQL) its role may read and write every table of it, fail2ban is reachable, saslfail's jails are present with the expected ban time and action, the daemon is alive (its heartbeat), the ban intake keeps up and no jail commands are waiting. One line per check ('ok' or 'FAIL'); the exit code is 0 only when all pass."})
public final class DoctorCommand implements Callable<Integer> {
    /** The daemon beats every 5 s; three missed beats and more mean it is gone or stuck. */
    static final Duration HEARTBEAT_FRESH = Daemon.HEARTBEAT_FRESH;
    /** The intake should hand on a ban within a second; more than this is a problem. */
    static final Duration MAX_LAG = Duration.ofSeconds(10);

    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    private final Clock clock;
    private int failed;

    @Inject
    DoctorCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try (App app = App.open(common, clock)) {
            Settings settings = app.settings();
            PrintWriter out = spec.commandLine().getOut();
            OffenseStore store = storeCheck(app, out);
            fail2banChecks(app.fail2ban(), settings, out);
            enforcementCheck(app, store, out);
            if (store != null) {
                DaemonStore state = store.daemon(Daemon.node(settings));
                heartbeatCheck(state, Daemon.node(settings), out);
                intakeCheck(state, settings, out);
                int pending = state.pendingCount();
                report(out, pending == 0, "pending", pending == 0 ? "no jail commands waiting for fail2ban"
                        : pending + " jail command" + (pending == 1 ? "" : "s") + " waiting for fail2ban (the daemon retries them)");
            }
            return failed == 0 ? 0 : Errors.RUNTIME;
        }
    }

    private OffenseStore storeCheck(App app, PrintWriter out) {
        OffenseStore store;
        try {
            store = app.store();
        } catch (RuntimeException e) {
            report(out, false, "store", Errors.message(e));
            return null;
        }
        try {
            store.daemon().putState("doctor.checked", clock.instant().toString(), clock.instant());
            report(out, true, "store", store.location() + " is writable");
        } catch (RuntimeException e) {
            // the privileges line below says what the role lacks
            report(out, false, "store", Errors.message(e));
        }
        try {
            StoreCheck check = store.check();
            report(out, check.schemaVersion() == check.newestKnown(), "schema", "version " + check.schemaVersion()
                    + (check.schemaVersion() == check.newestKnown() ? " (the newest this saslfail knows)"
                    : " (this saslfail needs " + check.newestKnown() + ")"));
            check.role().ifPresent(role -> report(out, check.missing().isEmpty(), "privileges", privileges(role, check)));
        } catch (RuntimeException e) {
            report(out, false, "schema", Errors.message(e));
        }
        return store;
    }

    private void fail2banChecks(Fail2banClient client, Settings settings, PrintWriter out) {
        Set<JailName> running;
        try {
            String pong = client.ping();
            running = new HashSet<>(client.jails());
            report(out, "pong".equals(pong), "fail2ban", "answers on " + client.socket() + " (" + running.size()
                    + " jails)");
        } catch (RuntimeException e) {
            report(out, false, "fail2ban", Errors.message(e));
            return;
        }
        for (JailSpec spec : Fail2banConfig.jails(settings)) {
            String name = "jail " + spec.name();
            String action = Fail2banConfig.actionName(settings, spec);
            if (!running.contains(spec.name())) {
                report(out, false, name, "not running in fail2ban (run 'saslfail fail2ban write-config' and reload fail2ban)");
                continue;
            }
            try {
                long bantime = client.banTimeSeconds(spec.name());
                List<String> actions = client.actions(spec.name());
                boolean ok = bantime == spec.bantime() && actions.contains(action);
                report(out, ok, name, "bantime " + bantime + " s" + (bantime == spec.bantime() ? "" : " (expected "
                        + spec.bantime() + " s)") + ", actions " + actions + (actions.contains(action) ? ""
                        : " (expected " + action + ")"));
            } catch (RuntimeException e) {
                report(out, false, name, Errors.message(e));
            }
        }
    }

    /** What the database role may do, against what saslfail needs (README, Security). */
    static String privileges(String role, StoreCheck c) {
        if (!c.missing().isEmpty()) {
            return "role " + role + " lacks " + String.join(", ", c.missing()) + " in schema " + c.schema()
                    + " (grant them as README, Security shows)";
        }
        String more = c.superuser() ? "; it is a superuser: far more than saslfail needs (README, Security)"
                : c.mayChangeSchema() ? "; it may also change the schema (fine for the schema's owner, more than a node needs)"
                : "; nothing more";
        return "role " + role + " may read and write all " + c.tables() + " tables of schema " + c.schema() + more;
    }

    /** The backend; under nftables the table's presence, its per-set counts and the drift against the store, read now (read-only). */
    private void enforcementCheck(App app, OffenseStore store, PrintWriter out) {
        if (store == null) {
            return; // the store check failed: there is nothing to compare the set with
        }
        EnforcementStatus e;
        try {
            e = app.get(EnforcementStatusUseCase.class).status(new EnforcementStatusUseCase.EnforcementQuery(clock.instant(),
                    true));
        } catch (RuntimeException x) {
            report(out, false, "enforcement", Errors.message(x));
            return;
        }
        if (e.backend().equals("fail2ban")) {
            if (e.present()) {
                report(out, false, "enforcement", "enforcement = fail2ban, but " + e.location().get() + " is still there with "
                        + e.figures().map(BanSetSync.Result::elements).orElse(0) + " elements, left from enforcement = nftables:"
                        + " the daemon removes it once fail2ban's tier jails run their action again (run 'saslfail fail2ban"
                        + " write-config' and restart fail2ban)");
            } else {
                report(out, true, "enforcement", "fail2ban jails enforce every ban (enforcement = fail2ban)");
            }
            return;
        }
        String where = e.backend() + ": " + e.location().get();
        if (!e.present()) {
            report(out, false, "enforcement", where + " is missing (the daemon loads it at start and within seconds of"
                    + " losing it; is it running?)");
            return;
        }
        BanSetSync.Result r = e.figures().orElseThrow();
        report(out, r.drift() == 0, "enforcement", where + " holds " + r.elements() + " (" + r.counts() + "); drift "
                + r.drift() + (r.drift() == 0 ? "" : " (" + r.missing() + " missing, " + r.extra() + " that should be gone, "
                + r.wrongExpiry() + " wrong timeouts; the daemon mends them within "
                + app.settings().require("nftables.verify_every") + ")"));
    }

    private void heartbeatCheck(DaemonStore state, String node, PrintWriter out) {
        Optional<DaemonStore.Heartbeat> beat = state.heartbeat(node);
        if (beat.isEmpty()) {
            report(out, false, "daemon", "no heartbeat in the store: the daemon never ran on it (start saslfail daemon)");
            return;
        }
        DaemonStore.Heartbeat h = beat.get();
        Duration age = Duration.between(h.beat(), clock.instant());
        boolean fresh = age.compareTo(HEARTBEAT_FRESH) <= 0;
        report(out, fresh, "daemon", (fresh ? "alive" : "silent") + ": pid " + h.pid() + ", last heartbeat "
                + Times.left(age.isNegative() ? Duration.ZERO : age) + " ago (" + h.detail() + ")");
    }

    private void intakeCheck(DaemonStore state, Settings settings, PrintWriter out) {
        Optional<Duration> lag = Daemon.intakeLag(settings, state, clock);
        if (lag.isEmpty()) {
            report(out, false, "intake", "cannot read fail2ban's database " + settings.require("fail2ban.db"));
        } else {
            boolean ok = lag.get().compareTo(MAX_LAG) <= 0;
            report(out, ok, "intake", lag.get().isZero() ? "caught up with " + settings.require("fail2ban.db")
                    : "behind by " + Times.left(lag.get()) + " (oldest ban not yet handed on)");
        }
    }

    private void report(PrintWriter out, boolean ok, String check, String detail) {
        if (!ok) {
            failed++;
        }
        out.println((ok ? "ok" : "FAIL") + " " + check + ": " + detail);
    }

}
