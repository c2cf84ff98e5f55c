package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.Reproduction;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.ResultsFile;
import org.dmad.evaluation.harness.RunRecords;
import org.dmad.tribuo.MedianDistanceModel;
import org.dmad.tribuo.MedianDistanceTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.protos.core.ModelProto;

/**
 * The test-only extra detector (tribuo-dmad's {@link MedianDistanceTrainer}, see {@code ExtraDetectorTest}) reaches
 * the command line and the benchmark through one {@link DetectorRegistry#register} call, the fourth of the five files
 * of CONTRIBUTING.md's "Adding a tabular detector": {@code dmad detectors} lists it and writes its OLCUT
 * configuration (no sample XML), {@code dmad help bench} names it, {@code dmad bench} runs it and its run record
 * reproduces bit for bit, and {@code dmad train}/{@code dmad score} save and score its model file. The detector is
 * five files (four classes in the modules' tests and the registration here), and no main file of the project names
 * it.
 */
class ExtraDetectorCliTest {

    private static final String NAME = "median-distance";

    @BeforeAll
    static void register() {
        DetectorRegistry.register(new DetectorRegistry.Detector(
                NAME,
                Task.TABULAR,
                "baseline",
                "Test-only: L_p distance to the coordinate-wise median of the standardised training rows",
                EnumSet.noneOf(Task.class),
                "MedianDistanceTrainer",
                "MedianDistance",
                run -> run.build(MedianDistanceTrainer.builder().norm(1))));
    }

    @AfterAll
    static void unregister() {
        DetectorRegistry.unregister(NAME);
    }

    @Test
    void detectorsAndHelpListIt() {
        String[] list = CliTestSupport.run("detectors");
        assertEquals("0", list[0], list[2]);
        assertTrue(list[1].contains(NAME) && list[1].contains("MedianDistanceTrainer"), list[1]);
        String[] markdown = CliTestSupport.run("detectors", "--markdown");
        assertTrue(markdown[1].contains("| `" + NAME + "` | tabular | baseline |"), markdown[1]);
        String[] help = CliTestSupport.run("help", "bench");
        assertTrue(help[1].contains(NAME), help[1]);
        // Its OLCUT configuration is written from the trainer: the one @Config setting with the factory's value.
        String[] config = CliTestSupport.run("detectors", "--config", NAME);
        assertEquals("0", config[0], config[2]);
        assertTrue(config[1].contains(MedianDistanceTrainer.class.getName()), config[1]);
        assertTrue(config[1].contains("name=\"norm\" value=\"1\""), config[1]);
    }

    @Test
    void benchRunsItAndItsRecordReproduces(@TempDir Path dir) throws IOException {
        Path data = CliTestSupport.csv(dir, "data.csv", SyntheticSuite.generate("global", 400, 20, 4, 3));
        Path out = dir.resolve("bench");
        String[] bench = CliTestSupport.run(
                "bench",
                "--data",
                data.toString(),
                "--detectors",
                NAME + ",iforest",
                "--seeds",
                "1",
                "--profile",
                "quick",
                "--threads",
                "1",
                "--no-progress",
                "--out",
                out.toString());
        assertEquals("0", bench[0], bench[2]);
        List<ResultRow> rows;
        try (ResultsFile results = new ResultsFile(out.resolve("results.csv"), Task.TABULAR)) {
            rows = results.rows();
        }
        ResultRow row = rows.stream()
                .filter(r -> r.detector().equals(NAME))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + NAME + " row in " + rows));
        assertTrue(row.ok(), row.toString());
        assertTrue(row.metric("auroc") > 0.8, "AUROC " + row.metric("auroc"));
        Reproduction.Outcome o = Reproduction.reproduce(new RunRecords(out.resolve("runs")).recordPath(row));
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
    }

    @Test
    void trainAndScoreThroughTheCommandLine(@TempDir Path dir) throws IOException {
        Path data = CliTestSupport.csv(dir, "data.csv", SyntheticSuite.generate("global", 400, 20, 4, 3));
        Path model = dir.resolve("m.tribuo");
        String[] train = CliTestSupport.run(
                "train", "--detector", NAME, "--data", data.toString(), "--out", model.toString(), "--threads", "1");
        assertEquals("0", train[0], train[2]);
        assertTrue(train[1].contains("Trained " + NAME + " on 400 rows"), train[1]);
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
        assertEquals(MedianDistanceModel.class.getName(), proto.getClassName());
        Path scores = dir.resolve("scores.csv");
        String[] score = CliTestSupport.run(
                "score", "--model", model.toString(), "--data", data.toString(), "--out", scores.toString());
        assertEquals("0", score[0], score[2]);
        List<String> lines = Files.readAllLines(scores);
        assertEquals("row,score,prediction,label", lines.get(0));
        assertEquals(421, lines.size());
        assertTrue(score[1].contains("AUROC"), score[1]);
        String[] unknown = CliTestSupport.run(
                "train", "--detector", "median-distanse", "--data", data.toString(), "--out", model.toString());
        assertEquals("1", unknown[0], unknown[1]);
        assertTrue(unknown[2].contains(NAME), "the error lists the registered detector: " + unknown[2]);
    }

    @Test
    void theDetectorIsFiveFilesAndNoMainFileKnowsIt() throws IOException {
        // The project root, seen from evaluation/ (Maven runs the tests there).
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources = sourceFiles(root);
        List<Path> own = sources.stream()
                .filter(f -> f.toString().contains("/src/test/java/"))
                .filter(f -> f.getFileName().toString().matches("MedianDistance(Trainer|Model)?\\.java"))
                .map(root::relativize)
                .sorted()
                .toList();
        // The engine math, the trainer, the model and the Weka class; the fifth file is the registration above.
        assertEquals(
                List.of(
                        Path.of("tribuo-dmad/src/test/java/org/dmad/engine/MedianDistance.java"),
                        Path.of("tribuo-dmad/src/test/java/org/dmad/tribuo/MedianDistanceModel.java"),
                        Path.of("tribuo-dmad/src/test/java/org/dmad/tribuo/MedianDistanceTrainer.java"),
                        Path.of("weka-dmad/src/test/java/weka/classifiers/misc/MedianDistance.java")),
                own);
        List<Path> mainFiles = sources.stream()
                .filter(f -> f.toString().contains("/src/main/"))
                .toList();
        assertTrue(mainFiles.size() > 100, "the walk found " + mainFiles.size() + " main files under " + root);
        List<Path> mainFilesThatKnowIt = new java.util.ArrayList<>();
        for (Path f : mainFiles) {
            String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (text.contains("MedianDistance") || text.contains(NAME)) {
                mainFilesThatKnowIt.add(f);
            }
        }
        assertEquals(List.of(), mainFilesThatKnowIt, "main files written for the test-only detector");
    }

    /** The files under {@code src/} of every module, leaving out build output and version control. */
    private static List<Path> sourceFiles(Path root) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(
                    Path dir, java.nio.file.attribute.BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return name.equals("target") || name.startsWith(".")
                        ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                        : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(
                    Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && file.toString().contains("/src/")) {
                    out.add(file);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return out;
    }
}
