package org.dmad.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.dmad.tribuo.ModelFiles;
import org.dmad.tribuo.data.LabelledCSVDataSource;
import org.dmad.tribuo.evaluation.AnomalyRankingEvaluation;
import org.dmad.tribuo.evaluation.AnomalyRankingEvaluator;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.dataset.DatasetView;

/**
 * Trains a DTE-Categorical detector on a CSV file through the Tribuo API, prints the top anomalies and the ranking
 * metrics (AUROC, average precision, F1 at the number of anomalies), and saves the model.
 * <p>
 * The CSV has a header, numeric feature columns and a {@code label} column with 1 (or {@code anomaly}) for a known
 * anomaly and 0 (or {@code normal}) for a normal row: the conventions of {@code dmad train}, read by
 * {@link LabelledCSVDataSource}. The detector trains on the normal rows only (the semi-supervised setting) and then
 * scores every row.
 * <pre>
 * java org.dmad.examples.DTECategoricalCSVExample [data.csv [model.tribuo [epochs]]]
 * </pre>
 * Without arguments it writes a small generated CSV (normal Gaussian rows plus a few shifted ones) and uses that.
 */
public final class DTECategoricalCSVExample {

    /** One scored row. */
    public record ScoredRow(int row, double score, boolean anomalous, String label) {}

    /** What the example produced. */
    public record Result(Path model, int trainingRows, List<ScoredRow> top, AnomalyRankingEvaluation ranking) {}

    private DTECategoricalCSVExample() {}

    /**
     * Runs the example.
     *
     * @param csv       the CSV file.
     * @param modelFile where to save the model.
     * @param epochs    training epochs (the paper uses 400).
     * @param topK      how many top anomalies to return.
     * @return the saved model's path, the top anomalies and the ranking metrics of every row.
     * @throws IOException when the CSV cannot be read or the model cannot be saved.
     */
    public static Result run(Path csv, Path modelFile, int epochs, int topK) throws IOException {
        // Every column but "label" is a numeric feature named after its header, as with "dmad train".
        MutableDataset<Event> all = new MutableDataset<>(new LabelledCSVDataSource(csv));

        // Train on the rows labelled normal.
        DatasetView<Event> normal =
                DatasetView.createView(all, e -> e.getOutput().getType() == Event.EventType.EXPECTED, "normal-rows");
        DTECategoricalTrainer trainer =
                DTECategoricalTrainer.builder().epochs(epochs).seed(0).build();
        try (DMADModel model = trainer.train(normal)) {
            List<Prediction<Event>> predictions = model.predict(all);
            List<ScoredRow> scored = new ArrayList<>();
            for (int i = 0; i < predictions.size(); i++) {
                Prediction<Event> p = predictions.get(i);
                Example<Event> e = p.getExample();
                scored.add(new ScoredRow(
                        i,
                        p.getOutput().getScore(),
                        p.getOutput().getType() == Event.EventType.ANOMALOUS,
                        e.getOutput().getType().name()));
            }
            scored.sort(Comparator.comparingDouble(ScoredRow::score).reversed());
            // How well the scores rank the labelled anomalies (the training rows are among those scored).
            AnomalyRankingEvaluation ranking =
                    new AnomalyRankingEvaluator().evaluate(model, predictions, all.getProvenance());
            ModelFiles.save(model, modelFile);
            return new Result(
                    modelFile, normal.size(), List.copyOf(scored.subList(0, Math.min(topK, scored.size()))), ranking);
        }
    }

    /**
     * Writes a demo CSV: {@code normals} correlated Gaussian rows (label 0) and {@code anomalies} rows shifted by 5
     * standard deviations (label 1), in shuffled order.
     *
     * @param file      the file to write.
     * @param normals   normal rows.
     * @param anomalies anomalous rows.
     * @param seed      the generator seed.
     * @throws IOException when writing fails.
     */
    public static void writeDemoCsv(Path file, int normals, int anomalies, long seed) throws IOException {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < normals + anomalies; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            double[] x = {a, 0.8 * a + 0.6 * b, r.nextGaussian(), a - b + 0.3 * r.nextGaussian()};
            boolean anomaly = i >= normals;
            if (anomaly) {
                x[r.nextInt(4)] += r.nextBoolean() ? 5 : -5;
            }
            lines.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%d", x[0], x[1], x[2], x[3], anomaly ? 1 : 0));
        }
        java.util.Collections.shuffle(lines, r);
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("temperature,pressure,vibration,current,label\n");
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
    }

    /**
     * Command-line entry point.
     *
     * @param args optional: CSV file, model file, epochs.
     * @throws IOException when reading or writing fails.
     */
    public static void main(String[] args) throws IOException {
        Path csv;
        if (args.length > 0) {
            csv = Path.of(args[0]);
        } else {
            csv = Files.createTempFile("dmad-demo", ".csv");
            writeDemoCsv(csv, 950, 50, 1);
            System.out.println("No CSV given: wrote a generated demo file to " + csv);
        }
        Path modelFile = Path.of(args.length > 1 ? args[1] : "dte-categorical.tribuo");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Result result = run(csv, modelFile, epochs, 10);
        System.out.printf(
                "Trained DTE-Categorical on %d normal rows of %s for %d epochs%n", result.trainingRows(), csv, epochs);
        System.out.println("Top anomalies (row, score, predicted, label):");
        for (ScoredRow s : result.top()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %5d  %.4f  %-9s  %s%n",
                    s.row(),
                    s.score(),
                    s.anomalous() ? "ANOMALOUS" : "EXPECTED",
                    s.label());
        }
        System.out.printf(
                Locale.ROOT,
                "AUROC %.4f, average precision %.4f, F1 at %d %.4f%n",
                result.ranking().auroc(),
                result.ranking().averagePrecision(),
                result.ranking().anomalies(),
                result.ranking().f1AtTrueCount());
        System.out.println("Model saved to " + result.model().toAbsolutePath());
    }
}
