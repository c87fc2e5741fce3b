package org.saslfail.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule between modules (DESIGN §1), checked on the classes of every module: the
 * core's own rule is {@code core.arch.DependencyRuleTest}.
 */
class ApplicationDependencyRuleTest {
    private static final String STORE = "org.saslfail.store..";
    private static final String FAIL2BAN = "org.saslfail.fail2ban..";
    private static final String NOTIFY = "org.saslfail.notify..";
    private static final String CLI = "org.saslfail.cli..";
    private static final String INSTALLER = "org.saslfail.installer..";

    /** What the CLI and the installer may use of an adapter besides its Guice modules: the documented entry points. */
    private static final Set<String> ENTRY_POINTS = Set.of(
            "org.saslfail.store.OffenseStore", "org.saslfail.store.OffenseStores", "org.saslfail.store.NotifyStore",
            "org.saslfail.store.OpenStores", "org.saslfail.store.StoreException", "org.saslfail.store.StoreCheck",
            "org.saslfail.fail2ban.metrics.DaemonMetrics", "org.saslfail.fail2ban.metrics.MetricsExporter",
            "org.saslfail.fail2ban.daemon.Daemon", "org.saslfail.fail2ban.daemon.OwnAddresses",
            "org.saslfail.fail2ban.client.Fail2banClient", "org.saslfail.fail2ban.client.Fail2banException",
            "org.saslfail.fail2ban.replay.Fail2banLogs", "org.saslfail.fail2ban.replay.MailLogLogins", "org.saslfail.fail2ban.intake.TriedUsernames",
            "org.saslfail.fail2ban.config.Fail2banConfig", "org.saslfail.fail2ban.config.JailSpec",
            "org.saslfail.notify.Notifications");

    /**
     * What the installer alone still uses of the fail2ban adapter: it writes the jails, moves running
     * bans (with their remaining time) and finds the logs, and no port says that yet.
     */
    private static final Set<String> INSTALLER_ONLY = Set.of(
            "org.saslfail.fail2ban.config.JailConfigWriter", "org.saslfail.fail2ban.config.LogSource", "org.saslfail.fail2ban.logs.LogLocator",
            "org.saslfail.fail2ban.client.BanEntry");

    private final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // in a full build the other modules' test fixtures arrive as test-jars, which the option above lets in
            .withImportOption(location -> !location.matches(Pattern.compile(".*-tests\\.jar.*")))
            .importPackages("org.saslfail");

    @Test
    void noAdapterDependsOnAnother() {
        noClasses().that().resideInAPackage(STORE).should().dependOnClassesThat()
                .resideInAnyPackage(FAIL2BAN, NOTIFY, CLI, INSTALLER).check(all);
        noClasses().that().resideInAPackage(FAIL2BAN).should().dependOnClassesThat()
                .resideInAnyPackage(STORE, NOTIFY, CLI, INSTALLER).check(all);
        noClasses().that().resideInAPackage(NOTIFY).should().dependOnClassesThat()
                .resideInAnyPackage(STORE, FAIL2BAN, CLI, INSTALLER).check(all);
    }

    @Test
    void onlyTheCoreImplementsUseCases() {
        noClasses().that().resideOutsideOfPackage("org.saslfail.core..")
                .should().implement(new DescribedPredicate<JavaClass>("a use case (core.port.in)") {
                    @Override
                    public boolean test(JavaClass c) {
                        return c.isInterface() && c.getPackageName().equals("org.saslfail.core.port.in");
                    }
                }).check(all);
    }

    @Test
    void cliAndInstallerUseAdaptersThroughTheirModulesAndEntryPointsOnly() {
        noClasses().that().resideInAPackage(CLI).should().dependOnClassesThat(internals(Set.of())).check(all);
        noClasses().that().resideInAPackage(INSTALLER).should().dependOnClassesThat(internals(INSTALLER_ONLY)).check(all);
    }

    private static DescribedPredicate<JavaClass> internals(Set<String> alsoAllowed) {
        return new DescribedPredicate<>("adapter internals") {
            @Override
            public boolean test(JavaClass c) {
                String name = c.getName().replaceAll("\\$.*", "");
                boolean adapter = name.startsWith("org.saslfail.store.") || name.startsWith("org.saslfail.fail2ban.")
                        || name.startsWith("org.saslfail.notify.");
                return adapter && !name.endsWith("Module") && !ENTRY_POINTS.contains(name) && !alsoAllowed.contains(name);
            }
        };
    }
}
