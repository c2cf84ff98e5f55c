package org.dmad.evaluation.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.dmad.engine.ArchFixtureEngineUsingTribuo;
import org.dmad.engine.EngineApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine boundary (CONTRIBUTING.md): the diffusion engine ({@code org.dmad.engine}) depends only on DJL,
 * JNA and the JDK, and code outside tribuo-dmad uses only the engine types marked {@link EngineApi}. The Tribuo
 * adapter ({@code org.dmad.tribuo}, {@code org.dmad.series}, same module) may use the internals; so may the
 * performance suites ({@code org.dmad.evaluation.perf}), which measure them and are not library code.
 */
class EngineBoundaryTest {

    /** The engine's own dependencies: the JDK, DJL, JNA and itself. */
    static final ArchRule ENGINE_DEPENDS_ONLY_ON_DJL_JNA_JDK = classes()
            .that()
            .resideInAPackage("org.dmad.engine..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "ai.djl..", "com.sun.jna..", "org.dmad.engine..")
            .because("the engine is the DJL layer; Tribuo, Weka and the harness sit on top of it");

    private static final DescribedPredicate<JavaClass> ENGINE_INTERNAL =
            new DescribedPredicate<>("an engine type not marked @EngineApi") {
                @Override
                public boolean test(JavaClass c) {
                    if (!c.getPackageName().startsWith("org.dmad.engine")) {
                        return false;
                    }
                    JavaClass top = c;
                    while (top.getEnclosingClass().isPresent()) {
                        top = top.getEnclosingClass().get();
                    }
                    return !top.isAnnotatedWith(EngineApi.class);
                }
            };

    /** Outside the engine and its adapter, only the engine API. */
    static final ArchRule OTHERS_USE_ONLY_THE_ENGINE_API = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "org.dmad.engine..", "org.dmad.tribuo..", "org.dmad.series..", "org.dmad.evaluation.perf..")
            .should()
            .dependOnClassesThat(ENGINE_INTERNAL)
            .because("the engine API is the types marked @EngineApi; see CONTRIBUTING.md");

    /**
     * Every native manager names its device. Without one DJL takes its default device, the first GPU where one is
     * visible, so a CPU run would create a CUDA context (612 MiB of GPU memory, seen on an H200 from the fused
     * Adam step's module).
     */
    static final ArchRule MANAGERS_NAME_THEIR_DEVICE = noClasses()
            .that()
            .resideInAPackage("org.dmad..")
            .should()
            .callMethod(ai.djl.ndarray.NDManager.class, "newBaseManager")
            .orShould()
            .callMethod(ai.djl.ndarray.NDManager.class, "newBaseManager", String.class)
            .orShould()
            .callMethod(ai.djl.engine.Engine.class, "newBaseManager")
            .orShould()
            .callMethod(ai.djl.Device.class, "defaultDevice")
            .orShould()
            .callMethod(ai.djl.engine.Engine.class, "defaultDevice")
            .because("a CPU run must not touch the GPU: name the device (Device.cpu() or the run's device)");

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        // tribuo-dmad arrives as a folder (mvn test) or as a jar (mvn verify): both are imported. Its test classes
        // arrive too, as test-classes or as the -tests.jar (the test-only extra detector): neither is library code.
        mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.dmad");
    }

    @Test
    void engineDependsOnlyOnDjlJnaAndTheJdk() {
        ENGINE_DEPENDS_ONLY_ON_DJL_JNA_JDK.check(mainClasses);
    }

    @Test
    void evaluationUsesOnlyTheEngineApi() {
        OTHERS_USE_ONLY_THE_ENGINE_API.check(mainClasses);
    }

    @Test
    void nativeManagersNameTheirDevice() {
        MANAGERS_NAME_THEIR_DEVICE.check(mainClasses);
    }

    @Test
    void theRulesCatchAViolation() {
        // An engine class that imports Tribuo, and a harness class that uses an engine internal: both must fail.
        assertThrows(
                AssertionError.class,
                () -> ENGINE_DEPENDS_ONLY_ON_DJL_JNA_JDK.check(
                        new ClassFileImporter().importClasses(ArchFixtureEngineUsingTribuo.class)));
        assertThrows(
                AssertionError.class,
                () -> OTHERS_USE_ONLY_THE_ENGINE_API.check(
                        new ClassFileImporter().importClasses(ArchFixtureHarnessUsingInternal.class)));
        assertThrows(
                AssertionError.class,
                () -> MANAGERS_NAME_THEIR_DEVICE.check(
                        new ClassFileImporter().importClasses(ArchFixtureEngineUsingTribuo.class)));
    }
}
