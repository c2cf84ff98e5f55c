package org.dmad.evaluation.harness;

import java.time.OffsetDateTime;
import java.util.List;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.evaluation.protocol.Split;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.TrainingGroup;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The rows of a split on their way to a detector, as the benchmark and {@link Reproduction} pass them: a dmad
 * detector trains on the split's training rows and scores its test rows as dense values
 * ({@link DMADTrainer#trainRows}, {@link DMADModel#scoreRows}), without a Tribuo example built per row and read back;
 * any other Tribuo trainer gets the Tribuo datasets of {@link Benchmark#trainingSet} and {@link Benchmark#testSet}.
 * Both paths give the same model and the same scores, bit for bit: the model's feature and output domains and its
 * dataset provenance are those of the Tribuo dataset, and the test rows are scored in chunks of
 * {@link DMADModel#PREDICT_BATCH} rows, as Tribuo's {@code predict} scores them.
 */
public final class TabularRows {

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    private TabularRows() {}

    /**
     * Trains a detector on the training rows of a split (labels hidden under the unsupervised protocol).
     *
     * @param trainer  the trainer.
     * @param data     the dataset (feature names, provenance).
     * @param split    the split.
     * @param protocol the protocol that made it.
     * @return the trained model.
     */
    public static Model<Event> train(Trainer<Event> trainer, TabularData data, Split split, Protocol protocol) {
        if (trainer instanceof DMADTrainer dmad) {
            TrainingGroup.Rows rows = trainingRows(data, split, protocol);
            return dmad.trainRows(rows.values(), rows.names(), rows.event(), rows.source());
        }
        return trainer.train(Benchmark.trainingSet(data, split, protocol));
    }

    /**
     * The training rows of a split as a dmad trainer takes them: the split's raw rows, the dataset's feature names,
     * {@code UNKNOWN} events under the unsupervised protocol (labels hidden) and {@code EXPECTED} otherwise, and the
     * source provenance of {@link Benchmark#trainingSet}'s dataset.
     *
     * @param data     the dataset.
     * @param split    the split.
     * @param protocol the protocol that made it.
     * @return the rows.
     */
    static TrainingGroup.Rows trainingRows(TabularData data, Split split, Protocol protocol) {
        return new TrainingGroup.Rows(
                split.train(),
                data.featureNames().toArray(new String[0]),
                protocol == Protocol.UNSUP ? AnomalyFactory.UNKNOWN_EVENT : AnomalyFactory.EXPECTED_EVENT,
                sourceProvenance(data, "train"));
    }

    /**
     * Scores the test rows of a split.
     *
     * @param model a model trained on the split's training rows.
     * @param data  the dataset (feature names, provenance).
     * @param split the split.
     * @return one anomaly score per test row.
     * @throws IllegalStateException when a score is not finite, naming the row.
     */
    public static double[] score(Model<Event> model, TabularData data, Split split) {
        if (!(model instanceof DMADModel dmad)) {
            return Benchmark.score(model, Benchmark.testSet(data, split));
        }
        int d = split.columns();
        int[] column = columns(dmad, data.featureNames(), d);
        double[] test = split.test();
        int n = test.length / d;
        double[] scores = new double[n];
        for (int start = 0; start < n; start += DMADModel.PREDICT_BATCH) {
            int rows = Math.min(DMADModel.PREDICT_BATCH, n - start);
            double[] chunk = new double[rows * d];
            for (int i = 0; i < rows; i++) {
                int from = (start + i) * d;
                for (int k = 0; k < d; k++) {
                    chunk[i * d + k] = test[from + column[k]];
                }
            }
            System.arraycopy(dmad.scoreRows(chunk), 0, scores, start, rows);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalStateException("the detector produced a " + scores[i] + " score for test row " + i);
            }
        }
        return scores;
    }

    /**
     * The provenance of one side of a split as a data source, as the Tribuo datasets of the benchmark record it.
     *
     * @param data the dataset.
     * @param side "train" or "test".
     * @return the provenance (dataset name, side and SHA-256, and the time now).
     */
    static SimpleDataSourceProvenance sourceProvenance(TabularData data, String side) {
        return new SimpleDataSourceProvenance(
                data.name() + ":" + side + ":" + data.record().sha256(), OffsetDateTime.now(), FACTORY);
    }

    /** For each feature id of the model, the column of the dataset holding that feature. */
    private static int[] columns(DMADModel model, List<String> names, int d) {
        if (model.getFeatureIDMap().size() != d) {
            throw new IllegalArgumentException(
                    "The model knows " + model.getFeatureIDMap().size() + " features, the rows have " + d);
        }
        int[] column = new int[d];
        for (int k = 0; k < d; k++) {
            String name = model.getFeatureIDMap().get(k).getName();
            column[k] = names.indexOf(name);
            if (column[k] < 0) {
                throw new IllegalArgumentException("The model's feature '" + name + "' is not a column of the rows");
            }
        }
        return column;
    }
}
