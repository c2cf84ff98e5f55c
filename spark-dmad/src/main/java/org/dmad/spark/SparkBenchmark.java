package org.dmad.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.SparkSession;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.Benchmark;
import org.dmad.evaluation.harness.Report;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.ResultsFile;
import org.dmad.evaluation.harness.RunRecords;
import org.dmad.evaluation.harness.Runner;
import org.dmad.evaluation.protocol.Protocol;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The benchmark grid as Spark tasks: one task per dataset x detector x seed cell, each running
 * {@link Benchmark#runCell} (the code the local harness runs, so the rows are the same for the same seeds). Executors
 * send the row, run record and scores back to the driver, which appends them to {@code results.csv} and
 * {@code runs/} as each task ends (no shared file system needed for the output) and writes the report at the end.
 * Cells already completed in the output folder are not submitted, so an interrupted grid resumes.
 * <p>
 * Executors read the datasets themselves: a file path must be visible to every executor (HDFS-mounted or shared
 * storage, or the same path on every machine). DJL allows one training per JVM at a time; dmad's trainers take a
 * JVM-wide lock for it, so several cores per executor are safe but train one at a time.
 * <p>
 * When Spark schedules GPUs, each task trains on the GPU Spark assigned it ({@link TaskDevice}). Every run record
 * gets a {@code spark_task} object: the executor and host, the task attempt, the GPUs Spark assigned and the device
 * the task trained on. A task lost with its executor is rerun by Spark elsewhere; rows arrive only from tasks that
 * ended, so nothing is lost or written twice.
 */
public final class SparkBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SparkBenchmark() {}

    /**
     * Runs the grid on a Spark cluster.
     *
     * @param spark    the session (its master decides where cells run).
     * @param s        the settings; its data sources must be serializable (those of {@link Datasets} are).
     * @param listener progress observer ({@code runEnded} is called on the driver as each cell arrives).
     * @return every row of the results file, earlier ones included, in grid order.
     * @throws IOException when the output cannot be written.
     */
    public static List<ResultRow> run(SparkSession spark, Benchmark.Settings s, Runner.Listener listener)
            throws IOException {
        RunRecords records = new RunRecords(s.out().resolve("runs"));
        String protocol = s.protocol().cliName();
        try (ResultsFile results = new ResultsFile(s.out().resolve("results.csv"), Task.TABULAR)) {
            List<CellTask> pending = new ArrayList<>();
            for (Datasets.Source source : s.data()) {
                if (!(source instanceof Serializable)) {
                    throw new IllegalArgumentException("Dataset source " + source.name() + " ("
                            + source.getClass().getName() + ") is not serializable; Spark cannot ship it");
                }
                for (long seed : s.seeds()) {
                    for (String detector : s.detectors()) {
                        String key = ResultRow.key(source.name(), detector, seed, protocol);
                        if (results.done(key)) {
                            listener.runEnded(results.row(key), true);
                        } else {
                            pending.add(new CellTask(
                                    source,
                                    detector,
                                    seed,
                                    s.protocol(),
                                    s.profile(),
                                    s.threads(),
                                    s.device(),
                                    s.labelColumn()));
                        }
                    }
                }
            }
            if (!pending.isEmpty()) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                jsc.setJobDescription("dmad bench: " + pending.size() + " runs");
                JavaRDD<CellTask> cells = jsc.parallelize(pending, pending.size());
                ClassTag<CellOutcome> tag = ClassTag$.MODULE$.apply(CellOutcome.class);
                spark.sparkContext().runJob(cells.rdd(), new RunCells(), new Collect(results, records, listener), tag);
            }
            List<ResultRow> rows = gridOrder(results.rows(), s);
            Report.write(s.out(), Task.TABULAR, rows, records);
            return rows;
        }
    }

    /**
     * Rows in the order the local harness produces them (dataset, seed, detector), whatever order the tasks ended
     * in, so that the report lists them identically; rows of cells outside this grid keep their place at the end.
     */
    private static List<ResultRow> gridOrder(List<ResultRow> rows, Benchmark.Settings s) {
        Map<String, Integer> rank = new HashMap<>();
        for (Datasets.Source source : s.data()) {
            for (long seed : s.seeds()) {
                for (String detector : s.detectors()) {
                    rank.putIfAbsent(
                            ResultRow.key(
                                    source.name(), detector, seed, s.protocol().cliName()),
                            rank.size());
                }
            }
        }
        List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(r -> rank.getOrDefault(r.key(), Integer.MAX_VALUE)));
        return sorted;
    }

    /** What an executor needs to run one cell. */
    record CellTask(
            Datasets.Source source,
            String detector,
            long seed,
            Protocol protocol,
            Profile profile,
            int threads,
            String device,
            String labelColumn)
            implements Serializable {}

    /** What an executor sends back: the row as its CSV line, the run record and the scores. */
    record CellOutcome(String rowCsv, String recordJson, String scoresCsv) implements Serializable {}

    /** Runs the cell of a partition on an executor. */
    static final class RunCells extends AbstractFunction1<Iterator<CellTask>, CellOutcome> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public CellOutcome apply(Iterator<CellTask> tasks) {
            CellTask t = tasks.next();
            TaskContext context = TaskContext.get();
            List<String> gpus = gpus(context);
            String device;
            try {
                device = TaskDevice.resolve(t.device(), gpus);
            } catch (IllegalArgumentException e) {
                ResultRow failed = ResultRow.tabular(
                        t.source().name(),
                        t.detector(),
                        t.seed(),
                        t.protocol().cliName(),
                        ResultRow.ERROR,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0,
                        0,
                        0,
                        0,
                        0,
                        e.getMessage());
                return new CellOutcome(failed.toCsv(), null, null);
            }
            Benchmark.Settings settings = new Benchmark.Settings(
                    List.of(t.source()),
                    List.of(t.detector()),
                    t.protocol(),
                    List.of(t.seed()),
                    t.profile(),
                    t.threads(),
                    device,
                    null,
                    t.labelColumn());
            Runner.Cell cell = Benchmark.runCell(settings, t.source(), t.detector(), t.seed());
            String record = cell.recordJson() == null ? null : withTask(cell.recordJson(), context, gpus, device);
            return new CellOutcome(cell.row().toCsv(), record, cell.scoresCsv());
        }

        private static List<String> gpus(TaskContext context) {
            if (context == null) {
                return List.of();
            }
            scala.Option<ResourceInformation> gpu = context.resources().get("gpu");
            return gpu.isEmpty() ? List.of() : List.of(gpu.get().addresses());
        }

        /** The run record with where the task ran: executor, task attempt, the GPUs Spark assigned, the device. */
        static String withTask(String recordJson, TaskContext context, List<String> gpus, String device) {
            try {
                ObjectNode record = (ObjectNode) JSON.readTree(recordJson);
                ObjectNode spark = record.putObject("spark_task");
                SparkEnv env = SparkEnv.get();
                spark.put("executor_id", env == null ? null : env.executorId());
                spark.put(
                        "host",
                        env == null ? null : env.blockManager().blockManagerId().host());
                if (context != null) {
                    spark.put("stage_id", context.stageId());
                    spark.put("partition_id", context.partitionId());
                    spark.put("attempt_number", context.attemptNumber());
                    spark.put("task_attempt_id", context.taskAttemptId());
                }
                ArrayNode assigned = spark.putArray("gpus");
                gpus.forEach(assigned::add);
                spark.put("device", device);
                return JSON.writeValueAsString(record);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot add the Spark task to the run record", e);
            }
        }
    }

    /** Writes each cell on the driver as its task ends. */
    private static final class Collect extends AbstractFunction2<Object, CellOutcome, BoxedUnit> {
        private final ResultsFile results;
        private final RunRecords records;
        private final Runner.Listener listener;

        Collect(ResultsFile results, RunRecords records, Runner.Listener listener) {
            this.results = results;
            this.records = records;
            this.listener = listener;
        }

        @Override
        public synchronized BoxedUnit apply(Object partition, CellOutcome outcome) {
            ResultRow row = Runner.write(
                    new Runner.Cell(
                            ResultRow.parse(Task.TABULAR, outcome.rowCsv()), outcome.recordJson(), outcome.scoresCsv()),
                    records);
            try {
                results.append(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            listener.runEnded(row, false);
            return BoxedUnit.UNIT;
        }
    }
}
