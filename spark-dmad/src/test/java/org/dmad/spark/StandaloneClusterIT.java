package org.dmad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dmad.evaluation.cli.DMADCli;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.RunRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * dmad on a real Spark standalone cluster: a Master and two Workers, each its own JVM bound to 127.0.0.1, started
 * by {@code scripts/local-cluster.sh} from a Spark home holding only Spark's own jars (assembled from the Spark jars
 * Maven resolves for this module). Drivers are separate JVMs with the {@code ./dmad} launcher's classpath, so the
 * executors get dmad only through what the driver ships. Each Worker announces two made-up GPUs.
 * <p>
 * Checked: the grid's rows equal the local harness's but for the wall times, with identical test-score files, also
 * when a Worker and its executor are killed mid-grid; batch scoring gives the same scores as local[2] and the local
 * command; and with GPU scheduling on, each task asked for {@code gpu:N} with the N Spark assigned it (the baseline
 * detector used there runs on the CPU whatever the device, so no GPU is needed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {

    private static final Path MODULE =
            Path.of(System.getProperty("dmad.spark.module", ".")).toAbsolutePath();
    private static final Path SCRIPT = MODULE.resolve("scripts/local-cluster.sh");
    private static final long DRIVER_MINUTES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static String master;
    private static Thread stopOnExit;

    @BeforeAll
    static void startCluster() throws Exception {
        for (String built : List.of("target/classes", "target/lib", "target/spark-lib")) {
            assertTrue(
                    Files.isDirectory(MODULE.resolve(built)),
                    MODULE.resolve(built)
                            + " is missing: run the integration test through Maven (mvn -pl spark-dmad -am verify)");
        }
        dir = Files.createTempDirectory(MODULE.resolve("target"), "cluster-it-");
        // Stops the cluster even when the test JVM is ended before @AfterAll runs.
        stopOnExit = new Thread(StandaloneClusterIT::stopCluster);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Process start = script(
                        "start",
                        "--workers",
                        "2",
                        "--cores",
                        "2",
                        "--memory",
                        "2g",
                        "--gpus",
                        "2",
                        "--dir",
                        dir.toString())
                .redirectOutput(dir.resolve("start.log").toFile())
                .redirectErrorStream(true)
                .start();
        if (!start.waitFor(5, TimeUnit.MINUTES)) {
            start.destroyForcibly();
            fail("The cluster did not start within 5 minutes; see " + dir.resolve("start.log"));
        }
        assertEquals(0, start.exitValue(), () -> "local-cluster.sh start failed: " + read(dir.resolve("start.log")));
        master = Files.readString(dir.resolve("master-url")).trim();
        assertTrue(master.startsWith("spark://127.0.0.1:"), master);
    }

    @AfterAll
    static void stopClusterAndCheckNothingIsLeft() throws Exception {
        // The daemons the script started and every process they started (the executors).
        List<ProcessHandle> started = new ArrayList<>();
        try (Stream<Path> pids = Files.list(dir)) {
            for (Path pid : pids.filter(p -> p.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(h -> {
                    started.add(h);
                    h.descendants().forEach(started::add);
                });
            }
        }
        stopCluster();
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        try (Stream<Path> pids = Files.list(dir)) {
            assertEquals(
                    List.of(), pids.filter(p -> p.toString().endsWith(".pid")).toList());
        }
        List<Long> alive = started.stream()
                .filter(StandaloneClusterIT::running)
                .map(ProcessHandle::pid)
                .toList();
        assertEquals(List.of(), alive, "processes of the cluster still running after stop");
    }

    /** Alive and not a zombie (an ended process whose new parent has not reaped it yet counts as alive in Java). */
    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException ended) {
            return false;
        }
    }

    private static void stopCluster() {
        if (dir == null) {
            return;
        }
        try {
            Process stop = script("stop", "--dir", dir.toString()).inheritIO().start();
            if (!stop.waitFor(2, TimeUnit.MINUTES)) {
                stop.destroyForcibly();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessBuilder script(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        // The Spark home must be the one assembled from Maven's Spark jars, not an installation that may be around.
        pb.environment().remove("SPARK_HOME");
        return pb;
    }

    /** A driver JVM as {@code ./dmad --engine spark} starts one: the launcher's classpath and module openings. */
    private static Process driver(Path log, List<String> properties, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String pkg : List.of(
                "java.lang",
                "java.lang.invoke",
                "java.lang.reflect",
                "java.io",
                "java.net",
                "java.nio",
                "java.util",
                "java.util.concurrent",
                "java.util.concurrent.atomic",
                "jdk.internal.ref",
                "sun.nio.ch",
                "sun.nio.cs",
                "sun.security.action",
                "sun.util.calendar")) {
            command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        command.addAll(List.of(
                "-Djdk.reflect.useDirectMethodHandle=false",
                "-Dio.netty.tryReflectionSetAccessible=true",
                "-Dlog4j2.configurationFile=dmad-spark-log4j2.properties",
                "-Xmx1g",
                "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1"));
        command.addAll(properties);
        command.addAll(List.of(
                "-cp",
                MODULE.resolve("target/classes") + ":" + MODULE.resolve("target/lib") + "/*:"
                        + MODULE.resolve("target/spark-lib") + "/*",
                "org.dmad.evaluation.cli.DMADCli"));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return pb.start();
    }

    private static void await(Process driver, Path log) throws Exception {
        if (!driver.waitFor(DRIVER_MINUTES, TimeUnit.MINUTES)) {
            driver.destroyForcibly().waitFor();
            fail("The driver did not finish within " + DRIVER_MINUTES + " minutes; its log:\n" + read(log));
        }
        assertEquals(0, driver.exitValue(), () -> "The driver failed; its log:\n" + read(log));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(" + p + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Every column but the two wall times, by run key. */
    private static Map<String, String> comparable(Path resultsCsv) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(resultsCsv);
        for (String line : lines.subList(1, lines.size())) {
            ResultRow r = ResultRow.parse(Task.TABULAR, line);
            String[] f = r.toCsv().split(",", -1);
            f[8] = "";
            f[9] = "";
            out.put(r.key(), String.join(",", f));
        }
        return out;
    }

    private static int rows(Path resultsCsv) throws IOException {
        return Files.exists(resultsCsv)
                ? Math.max(0, Files.readAllLines(resultsCsv).size() - 1)
                : 0;
    }

    @Test
    @Order(1)
    void eachGridTaskTrainsOnTheGpuSparkAssignedIt() throws Exception {
        Path out = dir.resolve("gpu-grid");
        Path log = dir.resolve("gpu-grid.log");
        await(
                driver(
                        log,
                        List.of(
                                "-Dspark.executor.cores=2",
                                "-Dspark.executor.resource.gpu.amount=2",
                                "-Dspark.task.resource.gpu.amount=1"),
                        "bench",
                        "--engine",
                        "spark",
                        "--master",
                        master,
                        "--detectors",
                        "iforest",
                        "--seeds",
                        "0,1",
                        "--device",
                        "gpu",
                        "--no-progress",
                        "--out",
                        out.toString()),
                log);
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(9, lines.size(), lines::toString);
        RunRecords records = new RunRecords(out.resolve("runs"));
        Set<String> used = new HashSet<>();
        Set<String> executors = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            ResultRow row = ResultRow.parse(Task.TABULAR, line);
            assertTrue(row.ok(), line);
            JsonNode record = JSON.readTree(records.recordPath(row).toFile());
            JsonNode task = record.get("spark_task");
            assertEquals(1, task.get("gpus").size(), task::toString);
            String gpu = task.get("gpus").get(0).asText();
            assertTrue(Set.of("0", "1").contains(gpu), task::toString);
            // The task asked for the GPU Spark assigned it, and the run record says so.
            assertEquals("gpu:" + gpu, task.get("device").asText(), task::toString);
            assertEquals("gpu:" + gpu, record.get("run").get("device").asText());
            used.add(gpu);
            executors.add(task.get("executor_id").asText());
        }
        // Two tasks ran at once on an executor with two GPUs, each on its own.
        assertEquals(Set.of("0", "1"), used);
        System.out.printf(Locale.ROOT, "GPU grid: 8 tasks on executors %s, GPUs %s%n", executors, used);
    }

    @Test
    @Order(2)
    void batchScoringOnTheClusterGivesTheLocalScores() throws Exception {
        // DTE-C (a network, so executors run PyTorch) trained on 2,000 rows, scoring 20,000 others.
        Path train = csv(SyntheticSuite.generate("global", 2_000, 20, 6, 0), "train.csv");
        TabularData rows = SyntheticSuite.generate("global", 20_000, 200, 6, 1);
        Path csv = csv(rows, "rows.csv");
        Path model = dir.resolve("dte-c.model");
        assertEquals(
                0,
                DMADCli.execute(
                        "train",
                        "--detector",
                        "dte-c",
                        "--profile",
                        "quick",
                        "--threads",
                        "1",
                        "--data",
                        train.toString(),
                        "--out",
                        model.toString()));
        Path local = dir.resolve("scores-local.csv");
        assertEquals(
                0,
                DMADCli.execute(
                        "score", "--model", model.toString(), "--data", csv.toString(), "--out", local.toString()));
        Path onLocalSpark = dir.resolve("scores-local-spark");
        SparkScoring.scoreFile(LocalSpark.get(), model, csv.toString(), onLocalSpark.toString(), "label");

        Path onCluster = dir.resolve("scores-cluster");
        Path log = dir.resolve("score-cluster.log");
        await(
                driver(
                        log,
                        List.of(),
                        "score",
                        "--engine",
                        "spark",
                        "--master",
                        master,
                        "--model",
                        model.toString(),
                        "--data",
                        csv.toString(),
                        "--out",
                        onCluster.toString()),
                log);
        assertTrue(read(log).contains("Scored " + rows.rows() + " rows"), read(log));
        List<String> cluster = joinedParts(onCluster);
        assertEquals(joinedParts(onLocalSpark), cluster);
        List<String> command = Files.readAllLines(local);
        assertEquals(command.size(), cluster.size());
        assertEquals(command.get(0), cluster.get(0));
        for (int i = 1; i < cluster.size(); i++) {
            String[] c = cluster.get(i).split(",");
            String[] l = command.get(i).split(",");
            assertEquals(l[0], c[0]);
            // The local command writes 9 significant digits.
            assertEquals(
                    Double.parseDouble(l[1]),
                    Double.parseDouble(c[1]),
                    1e-8 * Math.max(1, Math.abs(Double.parseDouble(c[1]))),
                    cluster.get(i));
            assertEquals(l[2], c[2], cluster.get(i));
            assertEquals(l[3], c[3], cluster.get(i));
        }
    }

    private static Path csv(TabularData t, String name) throws IOException {
        Path csv = dir.resolve(name);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write(String.join(",", t.featureNames()) + ",label\n");
            for (int i = 0; i < t.rows(); i++) {
                StringBuilder b = new StringBuilder();
                for (int j = 0; j < t.columns(); j++) {
                    b.append(t.x()[i * t.columns() + j]).append(',');
                }
                w.append(b).append(Integer.toString(t.y()[i])).append('\n');
            }
        }
        return csv;
    }

    /** Spark's part files as one CSV: the header once, then every part's rows in part order. */
    private static List<String> joinedParts(Path folder) throws IOException {
        List<Path> parts;
        try (Stream<Path> s = Files.list(folder)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList();
        }
        assertFalse(parts.isEmpty(), "no part files in " + folder);
        List<String> lines = new ArrayList<>();
        for (Path part : parts) {
            List<String> l = Files.readAllLines(part);
            if (lines.isEmpty()) {
                lines.add(l.get(0));
            }
            assertEquals(lines.get(0), l.get(0), part.toString());
            lines.addAll(l.subList(1, l.size()));
        }
        return lines;
    }

    @Test
    @Order(3)
    void theGridLosesNothingWhenAWorkerIsKilledMidGrid() throws Exception {
        List<String> grid =
                List.of("bench", "--detectors", "dte-np,iforest", "--seeds", "0,1", "--threads", "1", "--no-progress");
        Path local = dir.resolve("grid-local");
        List<String> localArgs = new ArrayList<>(grid);
        localArgs.addAll(List.of("--out", local.toString()));
        assertEquals(0, DMADCli.execute(localArgs.toArray(new String[0])));

        Path out = dir.resolve("grid-cluster");
        Path log = dir.resolve("grid-cluster.log");
        List<String> args = new ArrayList<>(grid);
        args.addAll(List.of("--engine", "spark", "--master", master, "--out", out.toString()));
        Process driver = driver(log, List.of(), args.toArray(new String[0]));
        // Kill the second Worker, with the executor it launched, as soon as the first run has been written.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(DRIVER_MINUTES);
        while (rows(out.resolve("results.csv")) == 0 && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int before = rows(out.resolve("results.csv"));
        ProcessHandle worker = ProcessHandle.of(Long.parseLong(
                        Files.readString(dir.resolve("worker-2.pid")).trim()))
                .orElseThrow(() -> new AssertionError("Worker 2 is not running"));
        List<ProcessHandle> executors = worker.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .toList();
        assertFalse(executors.isEmpty(), "Worker 2 runs no executor");
        executors.forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
        System.out.printf(Locale.ROOT, "Killed Worker 2 and its executor after %d of 16 runs%n", before);
        assertTrue(before >= 1 && before < 16, before + " runs were written before the kill");

        await(driver, log);
        assertTrue(read(log).contains("Lost executor"), "the driver did not lose an executor:\n" + read(log));
        Map<String, String> expected = comparable(local.resolve("results.csv"));
        assertEquals(16, expected.size());
        assertEquals(expected, comparable(out.resolve("results.csv")));
        assertEquals(16, Files.readAllLines(out.resolve("results.csv")).size() - 1, "a run was written twice");
        RunRecords localRuns = new RunRecords(local.resolve("runs"));
        RunRecords clusterRuns = new RunRecords(out.resolve("runs"));
        for (String line : Files.readAllLines(out.resolve("results.csv")).subList(1, 17)) {
            ResultRow row = ResultRow.parse(Task.TABULAR, line);
            assertTrue(row.ok(), line);
            assertEquals(
                    Files.readString(localRuns.scoresPath(row)),
                    Files.readString(clusterRuns.scoresPath(row)),
                    row.key());
        }
    }
}
