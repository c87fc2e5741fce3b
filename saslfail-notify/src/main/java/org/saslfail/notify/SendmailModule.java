package org.saslfail.notify;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.saslfail.core.port.out.MailPort;

/** Mail delivery through the {@code notify.sendmail} binary (no shell). Install beside {@link NotifyModule}. */
public final class SendmailModule extends AbstractModule {

    @Provides
    @Singleton
    MailPort mailPort(NotifySettings s) {
        return new SendmailMailer(s.sendmailOpt().orElseThrow(
                () -> new IllegalStateException("notify.sendmail is not set")).toString());
    }
}
