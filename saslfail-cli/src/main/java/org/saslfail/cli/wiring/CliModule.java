package org.saslfail.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.saslfail.installer.InstallerModule;

/** What every command can have injected at construction: cheap things only (picocli builds all commands). */
public final class CliModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new InstallerModule());
    }

    /** In the system's zone: daily and weekly summaries cover local days, as the other reports do. */
    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
