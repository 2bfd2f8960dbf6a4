package dev.parley.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering written in ARCHITECTURE.md, checked: the core does no I/O, only the store speaks SQL, and
 * layers depend downwards only. Maven's module graph already stops upward imports; these rules also stop a
 * layer from reaching for I/O it should not do.
 */
class LayeringTest {

    static JavaClasses parley;

    @BeforeAll
    static void importClasses() {
        parley = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parley");
    }

    @Test
    void coreDoesNoIo() {
        noClasses().that().resideInAPackage("dev.parley.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vertx..", "io.netty..", "java.sql..", "javax.sql..", "java.net.http..",
                        "java.nio.file..", "java.nio.channels..", "org.slf4j..", "dev.parley.store..",
                        "dev.parley.server..", "dev.parley.app..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .because("the core is pure: models, codecs, routing and pricing, testable without a socket or a disk")
                .check(parley);
    }

    @Test
    void onlyTheStoreSpeaksSql() {
        noClasses().that().resideOutsideOfPackage("dev.parley.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.flywaydb..",
                        "com.zaxxer.hikari..", "org.sqlite..", "org.postgresql..")
                .because("SQL lives in one module")
                .check(parley);
    }

    @Test
    void storeAndServerDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("dev.parley.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.server..", "dev.parley.app..", "io.vertx..")
                .check(parley);
        noClasses().that().resideInAPackage("dev.parley.server..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.store..", "dev.parley.app..")
                .because("the server hands usage rows to a UsageSink; the app decides it is the store")
                .check(parley);
    }

    @Test
    void productionCodeNeverUsesTheTestKit() {
        noClasses().that().resideOutsideOfPackage("dev.parley.testkit..")
                .should().dependOnClassesThat().resideInAPackage("dev.parley.testkit..")
                .check(parley);
    }
}
