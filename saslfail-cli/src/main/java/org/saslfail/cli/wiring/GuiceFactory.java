package org.saslfail.cli.wiring;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import picocli.CommandLine;

/** Lets picocli build commands through Guice; falls back to picocli's own factory for its internals. */
public final class GuiceFactory implements CommandLine.IFactory {
    private final Injector injector;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls.getName().startsWith("org.saslfail.")) {
            try {
                return injector.getInstance(cls);
            } catch (ConfigurationException e) {
                return fallback.create(cls);
            }
        }
        return fallback.create(cls);
    }
}
