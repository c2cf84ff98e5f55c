package org.dmad.evaluation.cli;

import static org.dmad.evaluation.cli.CliTestSupport.csv;
import static org.dmad.evaluation.cli.CliTestSupport.train;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dmad.evaluation.data.SyntheticSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dmad in a JVM of its own: the exit status after a late Ctrl-C, and a heap too small for the training file. */
class ProcessReliabilityTest {

    private static Process start(Path log, List<String> jvm, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Djava.awt.headless=true"));
        cmd.addAll(jvm);
        cmd.add(DMADCli.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    @Test
    void aSigintAfterTheWorkFinishedExitsZero(@TempDir Path dir) throws Exception {
        Path data = csv(dir, "data.csv", SyntheticSuite.generate("global", 200, 10, 3, 3));
        Path model = dir.resolve("m.model");
        assertEquals("0", train("iforest", data, model)[0]);
        Path log = dir.resolve("log.txt");
        Path scores = dir.resolve("s.csv");
        // The test property holds the finished command for a while before it exits, so the signal surely lands
        // after the work.
        Process p = start(
                log,
                List.of("-Ddmad.test.exitDelayMillis=10000"),
                "score",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--out",
                scores.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains("Scores: ")) {
                assertTrue(p.isAlive(), "dmad score ended early: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "no scores within 120 s");
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "dmad score must still be running when the signal comes");
            String signal = InterruptTest.ignores(p.pid(), 2) ? "-TERM" : "-INT";
            new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "dmad did not exit after the signal");
            assertEquals(0, p.exitValue(), "the scores were complete: " + Files.readString(log));
            assertEquals(211, Files.readAllLines(scores).size());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aTrainingFileTooLargeForTheHeapEndsWithAdvice(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("big.csv");
        SplittableRandom random = new SplittableRandom(1);
        try (BufferedWriter w = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
            w.write("a,b,c,d,e,f,g,h\n");
            for (int i = 0; i < 200_000; i++) {
                for (int j = 0; j < 8; j++) {
                    w.write(Double.toString(random.nextDouble()));
                    w.write(j < 7 ? ',' : '\n');
                }
            }
        }
        Path log = dir.resolve("log.txt");
        Process p = start(
                log,
                List.of("-Xmx40m"),
                "train",
                "--detector",
                "iforest",
                "--data",
                data.toString(),
                "--out",
                dir.resolve("m.model").toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(1, p.exitValue(), out);
        assertTrue(
                out.contains("do not fit in the Java heap") && out.contains("--subsample") && out.contains("-Xmx"),
                out);
        assertFalse(out.contains("OutOfMemoryError"), out);
        // The advice works: a subsample trains in the same heap.
        Process q = start(
                log,
                List.of("-Xmx40m"),
                "train",
                "--detector",
                "iforest",
                "--data",
                data.toString(),
                "--out",
                dir.resolve("m.model").toString(),
                "--subsample",
                "2000");
        assertTrue(q.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, q.exitValue(), Files.readString(log));
    }
}
