package org.saslfail.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.time.Clock;

/** What every command can have injected at construction: cheap things only (picocli builds all commands). */
final class CliModule extends AbstractModule {

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
