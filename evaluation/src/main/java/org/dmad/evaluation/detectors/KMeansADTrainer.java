package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.tribuo.Dataset;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/**
 * KMeansAD: k-means on subsequences, scored by the Euclidean distance to the nearest centroid (Yairi, Kato and
 * Hori, "Fault detection by mining association rules from house-keeping data", i-SAIRAS 2001; the TimeEval
 * formulation that TSB-AD runs, where it leads the univariate leaderboard with Sub-PCA). Rows are windows: the
 * time-series harness flattens them, and the point score of a time step is the mean of the scores of the windows
 * that cover it.
 *
 * <p>Clustering is Lloyd's algorithm from a k-means++ start (Arthur and Vassilvitskii, SODA 2007), seeded, stopping
 * when no row changes cluster or when the squared centroid movement falls below {@code tolerance} times the mean
 * column variance (scikit-learn's rule), at most {@code maxIterations} rounds. A cluster left empty is moved to the
 * row farthest from its centroid. Rows are used as given (the harness z-normalises the series).
 */
public final class KMeansADTrainer extends BaselineTrainer<KMeansADModel> {

    @Config(description = "Number of clusters k.")
    private int clusters = 20;

    @Config(description = "Most Lloyd iterations.")
    private int maxIterations = 300;

    @Config(description = "Convergence: squared centroid movement relative to the mean column variance.")
    private double tolerance = 1e-4;

    @Config(description = "Random seed (k-means++ start).")
    private long seed = Trainer.DEFAULT_SEED;

    @Config(description = "Expected share of anomalies, for the ANOMALOUS/EXPECTED threshold.")
    private double contamination = 0.1;

    /** For OLCUT. */
    private KMeansADTrainer() {}

    /**
     * @param clusters the number of clusters k.
     * @param seed     the random seed.
     */
    public KMeansADTrainer(int clusters, long seed) {
        this.clusters = clusters;
        this.seed = seed;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (clusters < 1) {
            throw new PropertyException("", "clusters", "clusters must be positive, got " + clusters);
        }
        if (maxIterations < 1) {
            throw new PropertyException("", "maxIterations", "maxIterations must be positive, got " + maxIterations);
        }
        if (!(tolerance >= 0)) {
            throw new PropertyException("", "tolerance", "tolerance must be non-negative, got " + tolerance);
        }
        checkContamination(contamination);
    }

    @Override
    protected String detectorName() {
        return "KMeansAD with " + clusters + " clusters";
    }

    /** @return k: each cluster starts at a training row (window). */
    @Override
    protected int minimumRows() {
        return clusters;
    }

    @Override
    protected KMeansADModel fit(Fitting fitting) {
        Dataset<Event> dataset = fitting.dataset();
        int n = dataset.size();
        int d = dataset.getFeatureIDMap().size();
        double[] x = fitting.rows();
        double[] centroids = cluster(x, n, d, clusters, maxIterations, tolerance, fitting.seed(seed));
        KMeansADModel model = new KMeansADModel(
                "kmeans-ad",
                fitting.provenance(KMeansADModel.class),
                dataset.getFeatureIDMap(),
                dataset.getOutputIDInfo(),
                centroids,
                clusters,
                Double.NaN);
        double[] trainingScores = new double[n];
        for (int r = 0; r < n; r++) {
            trainingScores[r] = Math.sqrt(nearest(x, r * d, centroids, clusters, d)[1]);
        }
        return model.withThreshold(threshold(trainingScores, contamination));
    }

    /**
     * Lloyd's k-means from a k-means++ start.
     *
     * @return {@code k * d} centroid coordinates, row-major.
     */
    static double[] cluster(double[] x, int n, int d, int k, int maxIterations, double tolerance, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] c = new double[k * d];
        // k-means++: the first centre uniformly, each next one with probability proportional to D(x)^2.
        int first = random.nextInt(n);
        System.arraycopy(x, first * d, c, 0, d);
        double[] dist2 = new double[n];
        for (int r = 0; r < n; r++) {
            dist2[r] = squared(x, r * d, c, 0, d);
        }
        for (int j = 1; j < k; j++) {
            double sum = 0;
            for (double v : dist2) {
                sum += v;
            }
            int pick;
            if (sum > 0) {
                double u = random.nextDouble() * sum;
                pick = n - 1;
                double acc = 0;
                for (int r = 0; r < n; r++) {
                    acc += dist2[r];
                    if (acc > u) {
                        pick = r;
                        break;
                    }
                }
            } else {
                pick = random.nextInt(n);
            }
            System.arraycopy(x, pick * d, c, j * d, d);
            for (int r = 0; r < n; r++) {
                dist2[r] = Math.min(dist2[r], squared(x, r * d, c, j * d, d));
            }
        }
        double meanVariance = meanColumnVariance(x, n, d);
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        double[] best = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            boolean changed = false;
            for (int r = 0; r < n; r++) {
                double[] nb = nearest(x, r * d, c, k, d, Math.max(0, assignment[r]));
                int a = (int) nb[0];
                best[r] = nb[1];
                if (a != assignment[r]) {
                    assignment[r] = a;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
            for (int r = 0; r < n; r++) {
                int a = assignment[r];
                counts[a]++;
                for (int j = 0; j < d; j++) {
                    sums[a * d + j] += x[r * d + j];
                }
            }
            double shift = 0;
            for (int a = 0; a < k; a++) {
                if (counts[a] == 0) {
                    // Relocate an empty cluster to the row worst served by its centroid.
                    int far = 0;
                    for (int r = 1; r < n; r++) {
                        if (best[r] > best[far]) {
                            far = r;
                        }
                    }
                    best[far] = 0;
                    shift += squared(x, far * d, c, a * d, d);
                    System.arraycopy(x, far * d, c, a * d, d);
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    double v = sums[a * d + j] / counts[a];
                    double delta = v - c[a * d + j];
                    shift += delta * delta;
                    c[a * d + j] = v;
                }
            }
            if (shift <= tolerance * meanVariance) {
                break;
            }
        }
        return c;
    }

    /** @return {index of the nearest centroid, squared distance to it}. */
    static double[] nearest(double[] x, int offset, double[] c, int k, int d) {
        return nearest(x, offset, c, k, d, 0);
    }

    /**
     * The nearest centroid, trying {@code first} first: with the row's previous centroid there, most other
     * centroids are abandoned after a few columns (the partial sum already exceeds the best distance). Ties go to
     * the lowest index, whatever {@code first} is.
     *
     * @return {index of the nearest centroid, squared distance to it}.
     */
    static double[] nearest(double[] x, int offset, double[] c, int k, int d, int first) {
        int arg = first;
        double min = squared(x, offset, c, first * d, d);
        for (int a = 0; a < k; a++) {
            if (a == first) {
                continue;
            }
            double s = 0;
            int base = a * d;
            for (int j = 0; j < d && s <= min; j++) {
                double diff = x[offset + j] - c[base + j];
                s += diff * diff;
            }
            if (s < min || (s == min && a < arg)) {
                min = s;
                arg = a;
            }
        }
        return new double[] {arg, min};
    }

    private static double squared(double[] x, int xo, double[] c, int co, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double diff = x[xo + j] - c[co + j];
            s += diff * diff;
        }
        return s;
    }

    private static double meanColumnVariance(double[] x, int n, int d) {
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int r = 0; r < n; r++) {
                mean += x[r * d + j];
            }
            mean /= n;
            double v = 0;
            for (int r = 0; r < n; r++) {
                double diff = x[r * d + j] - mean;
                v += diff * diff;
            }
            total += v / n;
        }
        return total / d;
    }

    @Override
    public String toString() {
        return "KMeansADTrainer(clusters=" + clusters + ",maxIterations=" + maxIterations + ",seed=" + seed + ")";
    }
}
