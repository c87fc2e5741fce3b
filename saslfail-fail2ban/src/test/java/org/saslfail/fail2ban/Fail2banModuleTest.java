package org.saslfail.fail2ban;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saslfail.core.config.Settings;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.port.out.JailGateway;
import org.saslfail.fail2ban.client.DryRunJailGateway;
import org.saslfail.fail2ban.client.Fail2banClient;
import org.saslfail.fail2ban.config.JailConfigWriter;

class Fail2banModuleTest {

    @Test
    void clientUsesTheConfiguredSocketAndTheGatewayIsOneInstance() {
        Settings settings = Settings.defaults().with("fail2ban.socket", "/run/test/f2b.sock").with("ladder", "4s, 8s");
        Injector injector = Guice.createInjector(new Fail2banModule(), settingsModule(settings));
        assertEquals(Path.of("/run/test/f2b.sock"), injector.getInstance(Fail2banClient.class).socket());
        assertSame(injector.getInstance(JailGateway.class), injector.getInstance(JailGateway.class));
        assertEquals(8, injector.getInstance(JailConfigWriter.class).jails().get(2).bantime());
    }

    @Test
    void dryRunModuleRecordsInsteadOfBanning() {
        Injector injector = Guice.createInjector(new DryRunJailModule());
        injector.getInstance(JailGateway.class).ban(JailName.of("saslfail-strike2"), IpPrefix.parse("192.0.2.1"));
        assertEquals(List.of(IpPrefix.parse("192.0.2.1")),
                injector.getInstance(DryRunJailGateway.class).banned(JailName.of("saslfail-strike2")));
    }

    private static AbstractModule settingsModule(Settings settings) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(Settings.class).toInstance(settings);
            }
        };
    }
}
