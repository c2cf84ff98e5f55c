package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dmad.tribuo.DMADModel;
import org.dmad.weka.it.ClassifierTreeListing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * Installs the built package zip into a fresh WEKA_HOME with Weka's package manager and uses it the way a Weka user
 * does, in child JVMs whose classpath holds Weka alone: dmad's classes and DJL are reachable only through the
 * package's class loader. If DJL could not find its PyTorch engine there (the thread-context-class-loader problem),
 * training would fail and so would this test.
 */
class WekaPackageIT {

    @TempDir
    static Path dir;

    private static Path wekaHome;
    private static String wekaClasspath;

    @BeforeAll
    static void install() throws Exception {
        Path zip = Path.of(required("dmad.weka.package"));
        assertTrue(Files.isRegularFile(zip), "The package zip is missing: " + zip + " (run mvn verify)");
        wekaClasspath =
                Files.readString(Path.of(required("dmad.weka.classpath.file"))).trim();
        wekaHome = dir.resolve("wekafiles");
        Files.createDirectories(wekaHome);
        String out = run(
                wekaClasspath,
                "weka.core.WekaPackageManager",
                "-offline",
                "-install-package",
                zip.toAbsolutePath().toString());
        assertTrue(
                Files.isRegularFile(wekaHome.resolve("packages/dmad/Description.props")),
                "dmad is not installed in " + wekaHome + ":\n" + out);
        assertTrue(Files.isRegularFile(wekaHome.resolve("packages/dmad/lib/pytorch-engine-0.33.0.jar")), out);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run this test through "
                    + "Maven's failsafe plugin (mvn verify)");
        }
        return value;
    }

    /** Runs a main class in a child JVM with Weka's classpath and the temporary WEKA_HOME; returns its output. */
    private static String run(String classpath, String... mainAndArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.awt.headless=true",
                "-DWEKA_HOME=" + wekaHome,
                "-Dweka.packageManager.offline=true",
                "-Dai.djl.offline=true",
                "-cp",
                classpath));
        command.addAll(List.of(mainAndArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        File log = Files.createTempFile(dir, "child", ".log").toFile();
        builder.redirectOutput(log);
        Process process = builder.start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue(finished, "Child JVM timed out: " + command + "\n" + output);
        assertEquals(0, process.exitValue(), "Child JVM failed: " + command + "\n" + output);
        return output;
    }

    /** Two classifiers through weka.Run: DTECategorical, and DTENonParametric with its -K option. */
    static Stream<DetectorCase> commandLineCases() {
        return Stream.of(DetectorCase.DTE_CATEGORICAL, DetectorCase.DTE_NON_PARAMETRIC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLineCases")
    void commandLineRocAreaIsTribuoAuroc(DetectorCase c) throws Exception {
        DetectorData train = DetectorData.generate(300, 0, 4, 31);
        DetectorData test = DetectorData.generate(160, 40, 4, 32);
        Path trainArff = dir.resolve("train.arff");
        Path testArff = dir.resolve("test.arff");
        train.writeArff(trainArff, "train");
        test.writeArff(testArff, "test");

        List<String> args = new ArrayList<>(List.of(
                "weka.Run",
                c.factory().get().getClass().getName(),
                "-t",
                trainArff.toString(),
                "-T",
                testArff.toString()));
        args.addAll(List.of(c.smallOptions()));
        String output = run(wekaClasspath, args.toArray(new String[0]));

        double auroc;
        try (DMADModel model = c.smallTrainer().get().train(train.dataset())) {
            auroc = LabelEvaluationUtil.binaryAUCROC(test.anomalous, model.score(test.examples()));
        }
        double printed = EvaluationOutput.testSetRocArea(output);
        // Weka prints three decimals.
        assertEquals(auroc, printed, 0.0005 + 1e-12, "Weka's ROC area vs Tribuo's AUROC " + auroc + ":\n" + output);
        assertTrue(output.contains("Provenance") && output.contains("pytorch.version = 2.5.1"), output);
        // DJL's SLF4J logging goes to Weka's log, not to SLF4J's complaint about a missing provider.
        assertFalse(output.contains("SLF4J"), output);
    }

    @Test
    void explorerTreeListsEveryDmadClassifier() throws Exception {
        // Only the listing class goes on the child's classpath beside Weka.
        String resource = ClassifierTreeListing.class.getName().replace('.', '/') + ".class";
        Path classes = dir.resolve("listing");
        Path target = classes.resolve(resource);
        Files.createDirectories(target.getParent());
        try (var in = ClassifierTreeListing.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        String output = run(wekaClasspath + File.pathSeparator + classes, ClassifierTreeListing.class.getName());
        List<String> listed = output.lines().toList();
        for (String classifier : DetectorCase.classNames()) {
            assertTrue(listed.contains(classifier), classifier + " is not listed:\n" + output);
        }
        assertTrue(
                output.lines().anyMatch("weka.classifiers.trees.J48"::equals),
                "Weka's own classifiers " + "should be listed too:\n" + output);
    }
}
