package org.dmad.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import scala.Tuple2;

/**
 * Batch scoring on Spark: the model file's bytes are broadcast once, each partition rebuilds one model instance,
 * scores its rows in batches of {@link #BATCH} through {@code Model.predict(Iterable)} (the path the local
 * {@code dmad score} takes) and closes the model when its task ends. Rows stream through, so memory does not grow
 * with the number of rows.
 * <p>
 * The output has the local command's columns: {@code row} (the input row's position, from 0, in file order),
 * {@code score} (higher = more anomalous), {@code prediction} (ANOMALOUS above the model's threshold, else
 * EXPECTED) and, when the input has the label column, {@code label} as it was in the input.
 */
public final class SparkScoring {

    /** Rows per call to the model. */
    public static final int BATCH = 4096;

    private SparkScoring() {}

    /**
     * What a scoring job did.
     *
     * @param rows      rows scored.
     * @param anomalous rows predicted ANOMALOUS.
     * @param out       where the scores were written.
     */
    public record Summary(long rows, long anomalous, String out) {}

    /**
     * Reads a CSV (with a header row) or Parquet input: Parquet when the path ends in {@code .parquet} or is a
     * folder of Parquet files, CSV otherwise (a file, or a folder of part files).
     *
     * @param spark the session.
     * @param path  the input.
     * @return the rows, every column as read (CSV columns are text).
     */
    public static Dataset<Row> read(SparkSession spark, String path) {
        return isParquet(path)
                ? spark.read().parquet(path)
                : spark.read().option("header", true).csv(path);
    }

    /**
     * Scores rows with a model.
     *
     * @param spark       the session.
     * @param input       rows with the model's feature columns (numbers, or text holding numbers); the label
     *                    column may be there too, any other column is refused as the local command refuses it.
     * @param modelBytes  a model file's bytes ({@code dmad train}'s output: Tribuo protobuf or Java serialization).
     * @param labelColumn the label column to carry through, or null.
     * @param rows        counts scored rows, or null.
     * @param anomalous   counts rows predicted ANOMALOUS, or null.
     * @return row, score, prediction[, label], in input order; lazy, like any Spark dataset.
     * @throws IOException when the bytes are not an anomaly-detection model.
     */
    public static Dataset<Row> score(
            SparkSession spark,
            Dataset<Row> input,
            byte[] modelBytes,
            String labelColumn,
            LongAccumulator rows,
            LongAccumulator anomalous)
            throws IOException {
        String[] features = featureNames(ModelBytes.load(modelBytes, "the model"));
        Set<String> present = new HashSet<>(Arrays.asList(input.columns()));
        boolean labelled = labelColumn != null && present.remove(labelColumn);
        Set<String> expected = new TreeSet<>(Arrays.asList(features));
        if (!present.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(present);
            Set<String> extra = new TreeSet<>(present);
            extra.removeAll(expected);
            throw new IllegalArgumentException("The input does not have the model's features: " + present.size()
                    + " columns vs " + expected.size() + " in the model"
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (extra.isEmpty() ? "" : "; unknown " + extra));
        }
        List<Column> selected = new ArrayList<>();
        for (String f : features) {
            selected.add(input.col(quoted(f)).cast(DataTypes.DoubleType));
        }
        if (labelled) {
            selected.add(input.col(quoted(labelColumn)).cast(DataTypes.StringType));
        }
        JavaRDD<Row> values = input.select(selected.toArray(new Column[0])).javaRDD();
        Broadcast<byte[]> model =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(modelBytes);
        JavaRDD<Row> scored = values.zipWithIndex()
                .mapPartitions(new ScorePartition(
                        model,
                        features,
                        labelled,
                        rows != null ? rows : spark.sparkContext().longAccumulator(),
                        anomalous != null ? anomalous : spark.sparkContext().longAccumulator()));
        List<StructField> fields = new ArrayList<>(List.of(
                DataTypes.createStructField("row", DataTypes.LongType, false),
                DataTypes.createStructField("score", DataTypes.DoubleType, false),
                DataTypes.createStructField("prediction", DataTypes.StringType, false)));
        if (labelled) {
            fields.add(DataTypes.createStructField("label", DataTypes.StringType, true));
        }
        return spark.createDataFrame(scored, new StructType(fields.toArray(new StructField[0])));
    }

    /**
     * Scores a file and writes the scores: Parquet when {@code out} ends in {@code .parquet}, else CSV with a header
     * (Spark writes either as a folder of part files, in row order).
     *
     * @param spark       the session.
     * @param model       the model file (read on the driver and broadcast).
     * @param data        the input, see {@link #read}.
     * @param out         the output folder; it must not exist yet.
     * @param labelColumn the label column to carry through, or null.
     * @return what was written.
     * @throws IOException when the model cannot be read or the output exists.
     */
    public static Summary scoreFile(SparkSession spark, Path model, String data, String out, String labelColumn)
            throws IOException {
        byte[] bytes = ModelBytes.read(model);
        LongAccumulator rows = spark.sparkContext().longAccumulator("dmad rows scored");
        LongAccumulator anomalous = spark.sparkContext().longAccumulator("dmad rows anomalous");
        Dataset<Row> scores = score(spark, read(spark, data), bytes, labelColumn, rows, anomalous);
        if (isParquet(out)) {
            scores.write().parquet(out);
        } else {
            scores.write().option("header", true).csv(out);
        }
        return new Summary(rows.value(), anomalous.value(), out);
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static boolean isParquet(String path) {
        if (path.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            return true;
        }
        Path p = Path.of(path.replaceFirst("^file:", ""));
        if (Files.isDirectory(p)) {
            try (var s = Files.list(p)) {
                return s.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    private static String[] featureNames(Model<Event> model) {
        String[] names = new String[model.getFeatureIDMap().size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = model.getFeatureIDMap().get(i).getName();
        }
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Only its feature names were needed.
            }
        }
        return names;
    }

    /** Scores one partition with its own model instance, closed when the task completes. */
    private static final class ScorePartition implements FlatMapFunction<Iterator<Tuple2<Row, Long>>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> model;
        private final String[] features;
        private final boolean labelled;
        private final LongAccumulator rows;
        private final LongAccumulator anomalous;

        ScorePartition(
                Broadcast<byte[]> model,
                String[] features,
                boolean labelled,
                LongAccumulator rows,
                LongAccumulator anomalous) {
            this.model = model;
            this.features = features;
            this.labelled = labelled;
            this.rows = rows;
            this.anomalous = anomalous;
        }

        @Override
        public Iterator<Row> call(Iterator<Tuple2<Row, Long>> input) throws IOException {
            Model<Event> m = ModelBytes.load(model.value(), "the broadcast model");
            TaskContext task = TaskContext.get();
            if (task != null && m instanceof AutoCloseable c) {
                task.addTaskCompletionListener((TaskCompletionListener) context -> {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("Could not close the model: " + e.getMessage(), e);
                    }
                });
            }
            return new Batches(m, input);
        }

        /** Pulls a batch of input rows, scores it, hands out its output rows, then pulls the next. */
        private final class Batches implements Iterator<Row> {
            private final Model<Event> model;
            private final Iterator<Tuple2<Row, Long>> input;
            private final List<Example<Event>> examples = new ArrayList<>(BATCH);
            private final List<Tuple2<Row, Long>> batch = new ArrayList<>(BATCH);
            private List<Prediction<Event>> predictions = List.of();
            private int next;

            Batches(Model<Event> model, Iterator<Tuple2<Row, Long>> input) {
                this.model = model;
                this.input = input;
            }

            @Override
            public boolean hasNext() {
                if (next < predictions.size()) {
                    return true;
                }
                if (!input.hasNext()) {
                    return false;
                }
                fill();
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Tuple2<Row, Long> in = batch.get(next);
                Event e = predictions.get(next).getOutput();
                next++;
                rows.add(1);
                if (e.getType() == Event.EventType.ANOMALOUS) {
                    anomalous.add(1);
                }
                return labelled
                        ? RowFactory.create(
                                in._2(),
                                e.getScore(),
                                e.getType().name(),
                                in._1().get(features.length))
                        : RowFactory.create(in._2(), e.getScore(), e.getType().name());
            }

            private void fill() {
                batch.clear();
                examples.clear();
                while (batch.size() < BATCH && input.hasNext()) {
                    Tuple2<Row, Long> in = input.next();
                    Row r = in._1();
                    double[] values = new double[features.length];
                    for (int j = 0; j < values.length; j++) {
                        if (r.isNullAt(j)) {
                            throw new IllegalArgumentException(
                                    "Row " + in._2() + ", column '" + features[j] + "': empty or not a number");
                        }
                        values[j] = r.getDouble(j);
                    }
                    batch.add(in);
                    examples.add(new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, features, values));
                }
                predictions = model.predict(examples);
                next = 0;
            }
        }
    }
}
