package weka.classifiers.misc;

import org.dmad.tribuo.DMADModel;
import org.dmad.weka.it.ClassifierTreeListing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        wekaClasspath = Files.readString(Path.of(required("dmad.weka.classpath.file"))).trim();
        wekaHome = dir.resolve("wekafiles");
        Files.createDirectories(wekaHome);
        String out = run(wekaClasspath, "weka.core.WekaPackageManager", "-offline", "-install-package",
                zip.toAbsolutePath().toString());
        assertTrue(Files.isRegularFile(wekaHome.resolve("packages/dmad/Description.props")),
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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Djava.awt.headless=true", "-DWEKA_HOME=" + wekaHome,
                "-Dweka.packageManager.offline=true", "-Dai.djl.offline=true", "-cp", classpath));
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

    @Test
    void commandLineRocAreaIsTribuoAuroc() throws Exception {
        DetectorData train = DetectorData.generate(300, 0, 4, 31);
        DetectorData test = DetectorData.generate(160, 40, 4, 32);
        Path trainArff = dir.resolve("train.arff");
        Path testArff = dir.resolve("test.arff");
        train.writeArff(trainArff, "train");
        test.writeArff(testArff, "test");

        List<String> args = new ArrayList<>(List.of("weka.Run", DTECategorical.class.getName(),
                "-t", trainArff.toString(), "-T", testArff.toString()));
        args.addAll(List.of(DetectorData.SMALL_OPTIONS));
        String output = run(wekaClasspath, args.toArray(new String[0]));

        double auroc;
        try (DMADModel model = DetectorData.smallTribuoTrainer().train(train.dataset())) {
            auroc = LabelEvaluationUtil.binaryAUCROC(test.anomalous, model.score(test.examples()));
        }
        double printed = testSetRocArea(output);
        // Weka prints three decimals.
        assertEquals(auroc, printed, 0.0005 + 1e-12, "Weka's ROC area vs Tribuo's AUROC " + auroc + ":\n" + output);
        assertTrue(output.contains("Provenance") && output.contains("pytorch.version = 2.5.1"), output);
    }

    /** The ROC area of the anomaly class in the test-set section of Weka's evaluation output. */
    private static double testSetRocArea(String output) {
        int section = output.indexOf("=== Error on test data ===");
        assertTrue(section >= 0, "No test-set evaluation in:\n" + output);
        String tail = output.substring(section);
        int table = tail.indexOf("=== Detailed Accuracy By Class ===");
        assertTrue(table >= 0, "No per-class table in:\n" + tail);
        // Columns: TP Rate, FP Rate, Precision, Recall, F-Measure, MCC, ROC Area, PRC Area, Class.
        Matcher row = Pattern.compile("(?m)^\\s+((?:[-\\d.?]+\\s+){8})anomaly\\s*$").matcher(tail.substring(table));
        assertTrue(row.find(), "No row for class 'anomaly' in:\n" + tail);
        return Double.parseDouble(row.group(1).trim().split("\\s+")[6]);
    }

    @Test
    void explorerTreeListsTheClassifier() throws Exception {
        // Only the listing class goes on the child's classpath beside Weka.
        String resource = ClassifierTreeListing.class.getName().replace('.', '/') + ".class";
        Path classes = dir.resolve("listing");
        Path target = classes.resolve(resource);
        Files.createDirectories(target.getParent());
        try (var in = ClassifierTreeListing.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        String output = run(wekaClasspath + File.pathSeparator + classes, ClassifierTreeListing.class.getName());
        assertTrue(output.lines().anyMatch(DTECategorical.class.getName()::equals), output);
        assertTrue(output.lines().anyMatch("weka.classifiers.trees.J48"::equals), "Weka's own classifiers "
                + "should be listed too:\n" + output);
    }
}
