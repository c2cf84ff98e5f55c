package org.dmad.evaluation.cli;

import static org.dmad.evaluation.cli.CliTestSupport.csv;
import static org.dmad.evaluation.cli.CliTestSupport.run;
import static org.dmad.evaluation.cli.CliTestSupport.score;
import static org.dmad.evaluation.cli.CliTestSupport.train;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.data.SyntheticSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DMADCliTest {

    @Test
    @SuppressWarnings("deprecation")
    void theEarlierClassNameStillStartsTheCommandLine() throws Exception {
        // Launch scripts written for earlier releases start org.dmad.evaluation.cli.DmadCli.
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djava.awt.headless=true",
                        DmadCli.class.getName(),
                        "help")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("bench"), out);
    }

    @Test
    void aCpuTrainingHidesTheGpusBeforeTheEngineLoadsAndSaysSo(@TempDir Path dir) throws Exception {
        // In a JVM of its own, as a user starts it: CUDA reads CUDA_VISIBLE_DEVICES once, when the engine loads.
        Path data = csv(dir, "data.csv", SyntheticSuite.generate("global", 200, 10, 4, 3));
        Path model = dir.resolve("m.tribuo");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djava.awt.headless=true",
                        DMADCli.class.getName(),
                        "train",
                        "--detector",
                        "dte-c",
                        "--profile",
                        "quick",
                        "--data",
                        data.toString(),
                        "--out",
                        model.toString(),
                        "--threads",
                        "1",
                        "--device",
                        "cpu")
                .redirectErrorStream(true);
        pb.environment().remove("CUDA_VISIBLE_DEVICES");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String[] provenance = run("provenance", model.toString());
        assertEquals("0", provenance[0], provenance[2]);
        assertTrue(provenance[1].contains("cuda.visible-devices='' (set in-process: CPU-only run)"), provenance[1]);
    }

    @Test
    void trainThenScoreACsvFile(@TempDir Path dir) throws IOException {
        Path data = csv(dir, "data.csv", SyntheticSuite.generate("global", 400, 20, 4, 3));
        Path model = dir.resolve("m.tribuo");
        String[] train = train("dte-c", data, model, "--profile", "quick", "--threads", "1");
        assertEquals("0", train[0], train[2]);
        assertTrue(train[1].contains("Trained dte-c on 400 rows"), train[1]);
        assertTrue(train[1].contains("Left out 20 rows labelled anomalous"), train[1]);
        Path scores = dir.resolve("scores.csv");
        String[] score = score(model, data, scores);
        assertEquals("0", score[0], score[2]);
        List<String> lines = Files.readAllLines(scores);
        assertEquals("row,score,prediction,label", lines.get(0));
        assertEquals(421, lines.size());
        assertTrue(score[1].contains("AUROC"), score[1]);

        // The training device is provenance: the same model recorded as GPU-trained scores here, by default and
        // with --device cpu, to the same file; --device gpu on a host without one fails naming the problem.
        org.tribuo.protos.core.ModelProto proto =
                org.tribuo.protos.core.ModelProto.parseFrom(Files.readAllBytes(model));
        org.dmad.tribuo.protos.DTECategoricalModelProto payload =
                proto.getSerializedData().unpack(org.dmad.tribuo.protos.DTECategoricalModelProto.class);
        assertEquals("cpu", payload.getNetwork().getDevice());
        // Edited as a file of format version 0 (before the integrity digest; such files load unchecked): an edit
        // of a sealed file is refused, which ModelIntegrityTest shows.
        Path gpuModel = dir.resolve("gpu.model");
        Files.write(
                gpuModel,
                proto.toBuilder()
                        .setVersion(0)
                        .setSerializedData(com.google.protobuf.Any.pack(payload.toBuilder()
                                .clearSha256()
                                .setNetwork(payload.getNetwork().toBuilder().setDevice("gpu"))
                                .build()))
                        .build()
                        .toByteArray());
        for (String[] device :
                List.of(new String[0], new String[] {"--device", "cpu"}, new String[] {"--device", "auto"})) {
            Path again = dir.resolve("again.csv");
            String[] r = score(gpuModel, data, again, device);
            if (device.length > 0
                    && device[1].equals("auto")
                    && org.dmad.engine.DMADEngine.engine().getGpuCount() > 0) {
                continue;
            }
            assertEquals("0", r[0], r[2]);
            assertEquals(lines, Files.readAllLines(again), String.join(" ", device));
        }
        if (org.dmad.engine.DMADEngine.engine().getGpuCount() == 0) {
            String[] gpu = score(gpuModel, data, dir.resolve("g.csv"), "--device", "gpu");
            assertEquals("1", gpu[0]);
            assertTrue(gpu[2].contains("Device 'gpu' was requested but it is not visible"), gpu[2]);
        }
        String[] bad = score(gpuModel, data, dir.resolve("g.csv"), "--device", "tpu");
        assertEquals("1", bad[0]);
        assertTrue(bad[2].contains("Unknown device 'tpu'"), bad[2]);
    }

    @Test
    void baselinesSaveWithJavaSerializationAndScoreToo(@TempDir Path dir) throws IOException {
        Path data = csv(dir, "data.csv", SyntheticSuite.generate("clustered", 300, 15, 3, 3));
        Path model = dir.resolve("if.model");
        assertEquals("0", train("ocsvm", data, model)[0]);
        String[] score = score(model, data, dir.resolve("s.csv"));
        assertEquals("0", score[0], score[2]);
    }

    @Test
    void errorsAreOneLineWithAStatus(@TempDir Path dir) throws IOException {
        String[] unknown = run("train", "--detector", "nope", "--data", "x.csv", "--out", "m");
        assertEquals("1", unknown[0]);
        assertTrue(unknown[2].startsWith("dmad: error: Unknown detector 'nope': use one of dte-c"), unknown[2]);
        assertTrue(!unknown[2].contains("\tat "), "no stack trace");

        String[] usage = run("bench", "--seeds");
        assertEquals("2", usage[0]);
        String[] group = run("bench", "--group", "0", "--out", dir.resolve("g").toString());
        assertEquals("1", group[0]);
        assertTrue(group[2].contains("--group must be auto or a positive count of seeds, got '0'"), group[2]);

        Path other = csv(dir, "other.csv", SyntheticSuite.generate("global", 100, 5, 6, 3));
        Path data = csv(dir, "data.csv", SyntheticSuite.generate("global", 100, 5, 4, 3));
        Path model = dir.resolve("m.tribuo");
        assertEquals("0", train("iforest", data, model)[0]);
        String[] wrongWidth = score(model, other, dir.resolve("s.csv"));
        assertEquals("1", wrongWidth[0]);
        assertTrue(wrongWidth[2].contains("does not have the model's features: 6 columns vs 4"), wrongWidth[2]);

        Path garbage = dir.resolve("garbage.tribuo");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
        String[] broken = score(garbage, data, dir.resolve("s.csv"));
        assertEquals("1", broken[0]);
        assertTrue(broken[2].contains("Cannot load a model from"), broken[2]);
    }

    @Test
    void theSparkEngineNeedsItsModuleAndMasterNeedsIt(@TempDir Path dir) {
        String[] spark = run("bench", "--engine", "spark", "--out", dir.toString());
        assertEquals("1", spark[0]);
        assertTrue(spark[2].contains("--engine spark needs the spark-dmad module on the classpath"), spark[2]);
        String[] master = run("score", "--master", "local[2]", "--model", "m", "--data", "d.csv", "--out", "o.csv");
        assertEquals("1", master[0]);
        assertTrue(master[2].contains("--master needs --engine spark"), master[2]);
        String[] unknown = run("bench", "--engine", "flink", "--out", dir.toString());
        assertEquals("1", unknown[0]);
        assertTrue(unknown[2].contains("--engine must be local or spark"), unknown[2]);
    }
}
