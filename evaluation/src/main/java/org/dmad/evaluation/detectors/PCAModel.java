package org.dmad.evaluation.detectors;

import org.dmad.engine.Standardizer;
import org.dmad.tribuo.series.DenseRowScorer;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained PCA detector (see {@link PCATrainer}): the training standardisation, the varying columns, and the kept
 * unit eigenvectors with their weights. Java serialization, as the other baselines.
 */
public final class PCAModel extends BaselineModel implements DenseRowScorer {

    private static final long serialVersionUID = 1L;

    private final Standardizer standardizer;
    private final int[] kept;
    private final double[] centre;
    private final double[][] components;
    private final double[] weights;
    private final PCATrainer.Scoring scoring;
    private final double threshold;

    PCAModel(
            String name,
            ModelProvenance provenance,
            ImmutableFeatureMap featureIDMap,
            ImmutableOutputInfo<Event> outputIDInfo,
            Standardizer standardizer,
            int[] kept,
            double[] centre,
            double[][] components,
            double[] weights,
            PCATrainer.Scoring scoring,
            double threshold) {
        super(name, provenance, featureIDMap, outputIDInfo);
        this.standardizer = standardizer;
        this.kept = kept;
        this.centre = centre;
        this.components = components;
        this.weights = weights;
        this.scoring = scoring;
        this.threshold = threshold;
    }

    PCAModel withThreshold(double newThreshold) {
        return with(name, provenance, newThreshold);
    }

    private PCAModel with(String newName, ModelProvenance newProvenance, double newThreshold) {
        return new PCAModel(
                newName,
                newProvenance,
                featureIDMap,
                outputIDInfo,
                standardizer,
                kept,
                centre,
                components,
                weights,
                scoring,
                newThreshold);
    }

    /** @return the number of principal components the score uses. */
    public int componentCount() {
        return components.length;
    }

    /** @return scores above it are predicted ANOMALOUS. */
    public double getThreshold() {
        return threshold;
    }

    /**
     * The anomaly score of a dense row in the feature map's order.
     *
     * @param row the raw row.
     * @return the score, higher = more anomalous.
     */
    double score(double[] row) {
        return score(row, 0);
    }

    /** {@link #score(double[])} of the row that starts at {@code offset}. */
    private double score(double[] row, int offset) {
        double[] mean = standardizer.mean();
        double[] scale = standardizer.scale();
        int m = kept.length;
        double[] z = new double[m];
        double norm2 = 0;
        for (int j = 0; j < m; j++) {
            z[j] = (row[offset + kept[j]] - mean[kept[j]]) / scale[kept[j]];
            norm2 += z[j] * z[j];
        }
        if (scoring == PCATrainer.Scoring.WEIGHTED_DISTANCE) {
            // PyOD measures from the standardised row itself (not re-centred) to each unit eigenvector.
            double s = 0;
            for (int k = 0; k < components.length; k++) {
                double dot = 0;
                double[] v = components[k];
                for (int j = 0; j < m; j++) {
                    dot += z[j] * v[j];
                }
                s += Math.sqrt(Math.max(0, norm2 - 2 * dot + 1)) / weights[k];
            }
            return s;
        }
        double centred2 = 0;
        for (int j = 0; j < m; j++) {
            z[j] -= centre[j];
            centred2 += z[j] * z[j];
        }
        double projected2 = 0;
        for (double[] v : components) {
            double dot = 0;
            for (int j = 0; j < m; j++) {
                dot += z[j] * v[j];
            }
            projected2 += dot * dot;
        }
        return Math.max(0, centred2 - projected2);
    }

    /** Scores dense rows as {@link #predict} scores examples with those values, bit for bit. */
    @Override
    public double[] scoreDenseRows(double[] rows, int count) {
        int d = DenseRows.checkRows(rows, count, featureIDMap);
        double[] out = new double[count];
        for (int r = 0; r < count; r++) {
            out[r] = score(rows, r * d);
        }
        return out;
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        return thresholded(score(DenseRows.row(example, featureIDMap)), threshold, example);
    }

    @Override
    protected PCAModel copy(String newName, ModelProvenance newProvenance) {
        return with(newName, newProvenance, threshold);
    }
}
