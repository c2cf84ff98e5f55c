package org.dmad.evaluation.detectors;

import org.dmad.tribuo.series.DenseRowScorer;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained KMeansAD detector (see {@link KMeansADTrainer}): the centroids; a row's score is its Euclidean distance
 * to the nearest one. Java serialization, as the other baselines.
 */
public final class KMeansADModel extends BaselineModel implements DenseRowScorer {

    private static final long serialVersionUID = 1L;

    private final double[] centroids;
    private final int clusters;
    private final double threshold;

    KMeansADModel(
            String name,
            ModelProvenance provenance,
            ImmutableFeatureMap featureIDMap,
            ImmutableOutputInfo<Event> outputIDInfo,
            double[] centroids,
            int clusters,
            double threshold) {
        super(name, provenance, featureIDMap, outputIDInfo);
        this.centroids = centroids;
        this.clusters = clusters;
        this.threshold = threshold;
    }

    KMeansADModel withThreshold(double newThreshold) {
        return new KMeansADModel(name, provenance, featureIDMap, outputIDInfo, centroids, clusters, newThreshold);
    }

    /** @return scores above it are predicted ANOMALOUS. */
    public double getThreshold() {
        return threshold;
    }

    /** @return a copy of centroid {@code j}, in the feature map's order. */
    public double[] centroid(int j) {
        int d = featureIDMap.size();
        return java.util.Arrays.copyOfRange(centroids, j * d, (j + 1) * d);
    }

    /** Scores dense rows as {@link #predict} scores examples with those values, bit for bit. */
    @Override
    public double[] scoreDenseRows(double[] rows, int count) {
        int d = DenseRows.checkRows(rows, count, featureIDMap);
        double[] out = new double[count];
        for (int r = 0; r < count; r++) {
            out[r] = Math.sqrt(KMeansADTrainer.nearest(rows, r * d, centroids, clusters, d)[1]);
        }
        return out;
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        double[] row = DenseRows.row(example, featureIDMap);
        return thresholded(
                Math.sqrt(KMeansADTrainer.nearest(row, 0, centroids, clusters, row.length)[1]), threshold, example);
    }

    @Override
    protected KMeansADModel copy(String newName, ModelProvenance newProvenance) {
        return new KMeansADModel(newName, newProvenance, featureIDMap, outputIDInfo, centroids, clusters, threshold);
    }
}
