package org.saslfail.examples;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.saslfail.core.model.BanEvent;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Outcome;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.core.report.ActiveBan;
import org.saslfail.core.service.EscalationService;
import org.saslfail.store.OffenseStore;
import org.saslfail.store.OffenseStores;

/**
 * A tool that is not saslfail using saslfail as a library: it feeds its own ban events into the
 * escalation engine, keeps the history in a SQLite file, enforces through its own firewall hook,
 * and asks the store what is banned.
 *
 * <pre>java -cp … org.saslfail.examples.EmbeddingExample /tmp/embedded.db</pre>
 */
public final class EmbeddingExample {

    /** Where this tool would call its own firewall; here it only remembers the calls. */
    public static final class RecordingFirewall implements JailGateway {
        public final List<String> calls = new ArrayList<>();

        @Override
        public void ban(JailName jail, IpPrefix target) {
            calls.add("ban " + target + " in " + jail);
        }

        @Override
        public void unban(JailName jail, IpPrefix target) {
            calls.add("unban " + target + " from " + jail);
        }
    }

    private EmbeddingExample() {
    }

    /** Records a first offense and a repeat offense three days later, and returns the bans running after it. */
    public static List<ActiveBan> run(Path database, RecordingFirewall firewall, List<String> log) {
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        try (OffenseStore store = OffenseStores.open(database.toString())) {
            EscalationService engine = new EscalationService(new Escalator(EscalationPolicy.defaults()), store, store, firewall);
            for (BanEvent event : List.of(
                    BanEvent.ban("saslfail-postfix", "203.0.113.9", t0),
                    BanEvent.ban("saslfail-postfix", "203.0.113.9", t0.plusSeconds(60)),
                    BanEvent.ban("saslfail-dovecot", "203.0.113.9", t0.plusSeconds(3 * 86400)))) {
                Outcome o = engine.record(event);
                log.add(event.ip() + " at " + event.at() + ": " + o.result().id() + " " + o.detail());
            }
            return store.activeBans(t0.plusSeconds(3 * 86400 + 1));
        }
    }

    public static void main(String[] args) {
        Path db = Path.of(args.length > 0 ? args[0] : "embedded-saslfail.db");
        RecordingFirewall firewall = new RecordingFirewall();
        List<String> log = new ArrayList<>();
        List<ActiveBan> active = run(db, firewall, log);
        log.forEach(System.out::println);
        firewall.calls.forEach(c -> System.out.println("firewall: " + c));
        active.forEach(b -> System.out.println("banned: " + b.offender() + " strike " + b.strike() + " until " + b.expiresAt()));
    }
}
