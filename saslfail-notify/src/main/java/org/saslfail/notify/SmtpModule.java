package org.saslfail.notify;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.saslfail.core.port.out.MailPort;

/** Mail delivery over SMTP ({@code notify.smtp.*}, localhost:25 by default). Install beside {@link NotifyModule}. */
public final class SmtpModule extends AbstractModule {

    @Provides
    @Singleton
    MailPort mailPort(NotifySettings s) {
        return new SmtpMailer(s);
    }
}
