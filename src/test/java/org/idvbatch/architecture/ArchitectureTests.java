package org.idvbatch.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.idvbatch.IdvBatchApplication;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.Provider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * The package rules of the product, checked on its class files: the tree is the architecture. Feature packages
 * have no cycles; only {@code provider} (and the sandbox, which impersonates the providers) knows a concrete
 * provider; the product never reaches into what exercises it (sandbox, benchmarks, demo, the command line).
 */
class ArchitectureTests {

    static final String BASE = "org.idvbatch";
    /** What exercises the product, and the entry points that wire it; the rest is the product. */
    static final String[] NOT_PRODUCT = {BASE + ".sandbox..", BASE + ".bench..", BASE + ".demo..", BASE + ".cli..",
        BASE + ".command.."};

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void onlyProviderPackagesUseAConcreteProvidersCode() {
        noClasses().that().resideOutsideOfPackages(BASE + ".provider..", BASE + ".sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".provider.aliyun..",
                        BASE + ".provider.tencent..")
                .check(main);
    }

    @Test
    void onlyProviderPackagesNameAConcreteProvider() {
        noClasses().that().resideOutsideOfPackages(BASE + ".provider..", BASE + ".sandbox..", BASE + ".demo..",
                        BASE + ".bench..")
                .should().accessFieldWhere(describe("a Provider constant",
                        access -> access.getTarget().getOwner().isEquivalentTo(Provider.class)
                                && access.getTarget().resolveMember().map(f -> f.getModifiers()
                                        .contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC))
                                .orElse(false)))
                .because("provider differences live behind the provider interfaces, not in if (provider == ...)"
                        + " chains; the demo and the benchmarks configure the sandbox's accounts per provider")
                .check(main);
    }

    @Test
    void theProductNeverReachesIntoWhatExercisesIt() {
        noClasses().that().resideOutsideOfPackages(NOT_PRODUCT)
                .and().doNotHaveFullyQualifiedName(IdvBatchApplication.class.getName()) // main() starts the cli
                .should().dependOnClassesThat().resideInAnyPackage(NOT_PRODUCT)
                .check(main);
    }

    @Test
    void theSandboxIsAProviderNotAUserOfTheProduct() {
        noClasses().that().resideInAPackage(BASE + ".sandbox..")
                .should().dependOnClassesThat(describe("product classes other than Provider, the identity"
                        + " helpers, the command base and RejectedInputException", (JavaClass c) ->
                        c.getPackageName().startsWith(BASE)
                        && !c.getPackageName().startsWith(BASE + ".sandbox")
                        && !c.getPackageName().equals(BASE + ".command")
                        && !c.getPackageName().equals(BASE + ".identity")
                        && !c.isEquivalentTo(Provider.class)
                        && !c.isEquivalentTo(RejectedInputException.class)))
                .check(main);
    }

    @Test
    void sandboxAndBenchmarksAreNeverComponents() {
        noClasses().that().resideInAnyPackage(BASE + ".sandbox..", BASE + ".bench..", BASE + ".demo..")
                .should().beMetaAnnotatedWith(Component.class)
                .because("they are created by their commands, never beans of a production context")
                .check(main);
    }
}
