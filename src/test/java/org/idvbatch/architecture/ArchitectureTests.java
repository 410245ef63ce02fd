package org.idvbatch.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        BASE + ".command..", BASE + ".launcher.."};

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    /**
     * Every top-level package is a slice, the root package ({@code IdvBatchApplication}, {@code
     * RejectedInputException}) one of its own: a cycle through the root is a cycle too.
     */
    @Test
    void featurePackagesAndTheRootHaveNoCycles() {
        slices().assignedFrom(new com.tngtech.archunit.library.dependencies.SliceAssignment() {
            @Override
            public com.tngtech.archunit.library.dependencies.SliceIdentifier getIdentifierOf(JavaClass c) {
                String pkg = c.getPackageName();
                if (pkg.equals(BASE)) {
                    return com.tngtech.archunit.library.dependencies.SliceIdentifier.of("(root)");
                }
                if (!pkg.startsWith(BASE + ".")) {
                    return com.tngtech.archunit.library.dependencies.SliceIdentifier.ignore();
                }
                return com.tngtech.archunit.library.dependencies.SliceIdentifier.of(
                        pkg.substring(BASE.length() + 1).split("\\.")[0]);
            }

            @Override
            public String getDescription() {
                return "top-level packages of " + BASE + " and the root package itself";
            }
        }).should().beFreeOfCycles().check(main);
    }

    @Test
    void theRootPackageDependsOnNoOtherPackageOfTheProduct() {
        noClasses().that().resideInAPackage(BASE).should().dependOnClassesThat(describe(
                "classes of the product's packages", (JavaClass c) -> c.getPackageName().startsWith(BASE + ".")))
                .check(main);
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
