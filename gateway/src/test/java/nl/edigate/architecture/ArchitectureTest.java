package nl.edigate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The architecture as rules the build checks: packages that depend one way, a core free of infrastructure. */
class ArchitectureTest {
    /** Models, formats, validation, settings and small helpers: what every part may use. */
    static final String[] CORE = {"nl.edigate.model..", "nl.edigate.orders..", "nl.edigate.validation..",
            "nl.edigate.text..", "nl.edigate.files..", "nl.edigate.config.."};

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("nl.edigate");
    }

    @Test
    void packagesDoNotDependOnEachOtherInCircles() {
        slices().matching("nl.edigate.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theCoreKnowsNoCamelNoJdbcAndNoLedger() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.camel..", "java.sql..", "javax.sql..", "nl.edigate.ledger..",
                        "nl.edigate.delivery..", "nl.edigate.console..", "nl.edigate.cli..")
                .check(classes);
    }

    @Test
    void onlyTheSimulatorUsesTheSshServerAndTheCertificateAuthority() {
        noClasses().that().resideOutsideOfPackage("nl.edigate.simulator..").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.sshd.server..", "org.apache.sshd.sftp.server..", "org.bouncycastle..")
                .check(classes);
    }

    @Test
    void modulesDependOneWayCoreLedgerGatewayAndTheSimulatorOnlyOnTheCore() {
        // the Maven modules enforce this at compile time; the rule says it where a reader looks for it
        String[] gateway = {"nl.edigate.camel..", "nl.edigate.intake..", "nl.edigate.projects..",
                "nl.edigate.delivery..", "nl.edigate.acks..", "nl.edigate.run..", "nl.edigate.report..",
                "nl.edigate.operators..", "nl.edigate.cli..", "nl.edigate.console.."};
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("nl.edigate.ledger..", "nl.edigate.simulator..").check(classes);
        noClasses().that().resideInAnyPackage(gateway).should().dependOnClassesThat()
                .resideInAnyPackage("nl.edigate.simulator..", "nl.edigate.bench..", "nl.edigate.demo..").check(classes);
        noClasses().that().resideInAPackage("nl.edigate.simulator..").should().dependOnClassesThat()
                .resideInAnyPackage(gateway).orShould().dependOnClassesThat().resideInAPackage("nl.edigate.ledger..")
                .check(classes);
    }

    @Test
    void theLedgerDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("nl.edigate.ledger..").should().dependOnClassesThat()
                .resideInAnyPackage("nl.edigate.intake..", "nl.edigate.projects..", "nl.edigate.delivery..",
                        "nl.edigate.run..", "nl.edigate.camel..", "nl.edigate.console..", "nl.edigate.cli..",
                        "nl.edigate.operators..", "nl.edigate.acks..")
                .check(classes);
    }
}
