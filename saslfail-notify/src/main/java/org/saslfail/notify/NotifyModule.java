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
import org.saslfail.core.port.out.AlertWindowPort;
import org.saslfail.core.port.out.MailPort;
import org.saslfail.core.port.out.OutboxPort;
import org.saslfail.core.port.out.ServiceStatusPort;
import org.saslfail.core.port.out.SummaryQueryPort;
import org.saslfail.core.port.out.TriedUsernamesPort;
import org.saslfail.core.service.NotificationService;
import org.saslfail.core.service.OutboxDispatcher;

/**
 * Notifications: binds {@link NotifyUseCase} and {@link SummaryUseCase}. The delivery backend is
 * a module of its own beside this one: {@link SmtpModule} or {@link SendmailModule}
 * ({@link #delivery(Settings)} picks the one the settings ask for). Needs from other modules:
 * {@link Settings}, {@link Clock} (its zone is the local time of summaries), {@link OutboxPort}, {@link AlertWindowPort},
 * {@link SummaryQueryPort}, {@link TriedUsernamesPort} and {@link ServiceStatusPort}.
 */
public final class NotifyModule extends AbstractModule {

    @Provides
    @Singleton
    NotifySettings settings(Settings settings) {
        return NotifySettings.of(settings);
    }

    /** The delivery module {@code notify.sendmail} asks for: sendmail when it is set, else SMTP. */
    public static com.google.inject.Module delivery(Settings settings) {
        return settings.get("notify.sendmail").isPresent() ? new SendmailModule() : new SmtpModule();
    }

    @Provides
    @Singleton
    NotificationService service(NotifySettings s, Clock clock, OutboxPort outbox, MailPort mail,
                                SummaryQueryPort summaries, ServiceStatusPort status, EscalationPolicy policy,
                                TriedUsernamesPort tried, AlertWindowPort window) {
        return new NotificationService(new NotificationPlanner(s.mode(), clock.getZone(), clock.instant()),
                new Messages(s.to(), clock.getZone()), new MailRenderer(s.from()), outbox,
                new OutboxDispatcher(outbox, mail, clock), mail, summaries, status, new Escalator(policy), clock, tried,
                s.listLimit(), window);
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
