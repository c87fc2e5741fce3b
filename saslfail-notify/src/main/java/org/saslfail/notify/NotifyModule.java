package org.saslfail.notify;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import org.saslfail.core.config.Settings;
import org.saslfail.core.notify.Messages;
import org.saslfail.core.notify.NotificationPlanner;
import org.saslfail.core.port.in.NotifyUseCase;
import org.saslfail.core.port.in.SummaryUseCase;
import org.saslfail.core.policy.EscalationPolicy;
import org.saslfail.core.policy.Escalator;
import org.saslfail.core.port.out.MailPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.ServiceStatusPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;

/**
 * Notifications: binds {@link NotifyUseCase}, {@link SummaryUseCase} and {@link MailPort}
 * (sendmail when {@code notify.sendmail} is set, else SMTP). Needs from other modules:
 * {@link Settings}, {@link Clock} (its zone is the local time of summaries), {@link OutboxPort},
 * {@link SummaryQueryPort}, {@link TriedUsernamesPort} and {@link ServiceStatusPort}.
 */
public final class NotifyModule extends AbstractModule {

    @Provides
    @Singleton
    NotifySettings settings(Settings settings) {
        return NotifySettings.of(settings);
    }

    @Provides
    @Singleton
    MailPort mailPort(NotifySettings s) {
        return s.sendmailOpt().<MailPort>map(p -> new SendmailMailer(p.toString())).orElseGet(() -> new SmtpMailer(s));
    }

    @Provides
    @Singleton
    NotificationService service(NotifySettings s, Clock clock, OutboxPort outbox, MailPort mail,
                                SummaryQueryPort summaries, ServiceStatusPort status, EscalationPolicy policy,
                                TriedUsernamesPort tried) {
        return new NotificationService(new NotificationPlanner(s.mode(), clock.getZone(), clock.instant()),
                new Messages(s.to(), clock.getZone()), new MailRenderer(s.from()), outbox,
                new OutboxDispatcher(outbox, mail, clock), mail, summaries, status, new Escalator(policy), clock, tried,
                s.listLimit());
    }

    @Provides
    NotifyUseCase notifyUseCase(NotificationService service) {
        return service;
    }

    @Provides
    SummaryUseCase summaryUseCase(NotificationService service) {
        return service;
    }
}
