package org.saslfail.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core stays pure: no adapter, no framework, no I/O, no wall clock (DESIGN §1). */
class DependencyRuleTest {
    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.saslfail.core");

    @Test
    void coreImportsNoAdapterAndNoFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "org.saslfail.store..", "org.saslfail.fail2ban..", "org.saslfail.notify..", "org.saslfail.cli..",
                "org.saslfail.installer..", "com.google.inject..", "jakarta.inject..", "javax.inject..",
                "org.jooq..", "java.sql..", "javax.sql..", "picocli..", "jakarta.mail..", "org.eclipse.angus..",
                "net.razorvine..", "org.sqlite..", "org.postgresql..")
                .check(core);
    }

    @Test
    void coreDoesNoIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Runtime")
                .check(core);
    }

    @Test
    void coreNeverReadsTheWallClockItself() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .check(core);
    }
}
