package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.util.Arrays;
import java.util.Locale;
import org.dmad.engine.Standardizer;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.anomaly.Event;
import weka.core.matrix.EigenvalueDecomposition;
import weka.core.matrix.Matrix;

/**
 * Principal component analysis as an anomaly detector (Shyu et al., "A novel anomaly detection scheme based on
 * principal component classifier", ICDM workshop 2003; Aggarwal, Outlier Analysis, 2015), the detector that leads
 * TSB-AD's multivariate leaderboard (point-wise "PCA") and, on windows, its univariate one ("Sub-PCA").
 *
 * <p>Training: each column is standardised with the training statistics (a constant column keeps scale 1), columns
 * that are constant in the training rows are left out, and the covariance of the rest is decomposed. {@code
 * components} chooses how many principal components are kept: 0 keeps all of them, a value in (0, 1) the fewest
 * whose explained-variance ratios add up to more than it, and a whole number at least 1 that many.
 *
 * <p>Two scores, both higher for more anomalous rows:
 * <ul>
 *   <li>{@code weighted-distance} (default), PyOD's {@code PCA.decision_function}, which TSB-AD runs: the sum over
 *   the kept components of the Euclidean distance between the standardised row and the unit eigenvector, divided by
 *   the component's explained-variance ratio, so that low-variance directions weigh most;</li>
 *   <li>{@code reconstruction}: the squared distance between the standardised row and its projection on the kept
 *   components (the residual of a rank-k reconstruction); needs fewer components than columns.</li>
 * </ul>
 * Explained-variance ratios below 1e-12 are raised to 1e-12 so that a direction of (numerically) zero variance gives
 * a large finite weight instead of an infinite one.
 */
public final class PCATrainer extends BaselineTrainer<PCAModel> {

    /** The scoring rules. */
    public enum Scoring {
        /** PyOD's (and TSB-AD's) sum of distances to the eigenvectors weighted by inverse explained variance. */
        WEIGHTED_DISTANCE,
        /** The squared residual of the projection on the kept components. */
        RECONSTRUCTION;

        /**
         * @param name {@code weighted-distance} or {@code reconstruction}.
         * @return the rule.
         */
        public static Scoring parse(String name) {
            for (Scoring s : values()) {
                if (s.label().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new IllegalArgumentException(
                    "Unknown PCA scoring '" + name + "': use weighted-distance or reconstruction");
        }

        /** @return the configuration name. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The most varying columns decomposed: a d x d covariance and its eigendecomposition cost O(d^2) memory and
     * O(d^3) time (4,096 columns: 128 MiB and minutes), so Sub-PCA on long multivariate windows is refused.
     */
    static final int MAX_COLUMNS = 4096;

    /** The smallest explained-variance ratio a weight divides by. */
    static final double MIN_RATIO = 1e-12;

    @Config(
            description = "Principal components kept: 0 = all, (0, 1) = the fewest explaining more than this share "
                    + "of the variance, >= 1 = that many.")
    private double components = 0;

    @Config(description = "weighted-distance (PyOD, TSB-AD) or reconstruction.")
    private String scoring = Scoring.WEIGHTED_DISTANCE.label();

    @Config(description = "Expected share of anomalies, for the ANOMALOUS/EXPECTED threshold.")
    private double contamination = 0.1;

    /** For OLCUT. */
    private PCATrainer() {}

    /**
     * @param components components kept (0 = all, (0, 1) = variance share, >= 1 = count).
     * @param scoring    the scoring rule.
     */
    public PCATrainer(double components, Scoring scoring) {
        this.components = components;
        this.scoring = scoring.label();
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(components >= 0) || (components >= 1 && components != Math.rint(components))) {
            throw new PropertyException(
                    "",
                    "components",
                    "components must be 0, a share in (0, 1) or a whole " + "number, got " + components);
        }
        try {
            Scoring.parse(scoring);
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", "scoring", e.getMessage());
        }
        checkContamination(contamination);
    }

    @Override
    protected String detectorName() {
        return "PCA";
    }

    @Override
    protected PCAModel fit(Fitting fitting) {
        Dataset<Event> dataset = fitting.dataset();
        ImmutableFeatureMap map = dataset.getFeatureIDMap();
        int d = map.size();
        int n = dataset.size();
        double[] raw = fitting.rows();
        Standardizer standardizer = Standardizer.fit(raw, d);
        int[] kept = varyingColumns(raw, n, d);
        if (kept.length == 0) {
            throw new IllegalArgumentException("PCA: every one of the " + d + " columns is constant in the " + n
                    + " training rows; there is no variance to model");
        }
        int m = kept.length;
        if (m > MAX_COLUMNS) {
            throw new IllegalArgumentException("PCA: " + m + " varying columns; the covariance would be " + m + " x "
                    + m + " (at most " + MAX_COLUMNS + " columns are decomposed); use shorter windows or fewer "
                    + "channels");
        }
        double[] mean = standardizer.mean();
        double[] scale = standardizer.scale();
        double[][] z = new double[n][m];
        double[] zMean = new double[m];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < m; j++) {
                int c = kept[j];
                z[r][j] = (raw[r * d + c] - mean[c]) / scale[c];
                zMean[j] += z[r][j];
            }
        }
        for (int j = 0; j < m; j++) {
            zMean[j] /= n;
        }
        double[][] cov = new double[m][m];
        for (double[] row : z) {
            for (int a = 0; a < m; a++) {
                double va = row[a] - zMean[a];
                if (va == 0) {
                    continue;
                }
                double[] ca = cov[a];
                for (int b = a; b < m; b++) {
                    ca[b] += va * (row[b] - zMean[b]);
                }
            }
        }
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                cov[a][b] /= (n - 1);
                cov[b][a] = cov[a][b];
            }
        }
        EigenvalueDecomposition eig = new EigenvalueDecomposition(new Matrix(cov));
        double[] values = eig.getRealEigenvalues();
        double[][] vectors = eig.getV().getArray();
        Integer[] order = new Integer[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        double total = 0;
        for (double v : values) {
            total += Math.max(0, v);
        }
        // As scikit-learn's PCA, at most min(rows, columns) components exist.
        int available = Math.min(n, m);
        double[] ratios = new double[available];
        for (int j = 0; j < available; j++) {
            ratios[j] = Math.max(0, values[order[j]]) / total;
        }
        int k = componentCount(components, ratios);
        Scoring rule = Scoring.parse(scoring);
        if (rule == Scoring.RECONSTRUCTION && k >= m) {
            throw new IllegalArgumentException("PCA reconstruction keeps " + k + " components of " + m
                    + " varying columns, so every row is rebuilt exactly; set components below " + m);
        }
        double[][] keptComponents = new double[k][m];
        double[] weights = new double[k];
        for (int j = 0; j < k; j++) {
            for (int a = 0; a < m; a++) {
                keptComponents[j][a] = vectors[a][order[j]];
            }
            weights[j] = Math.max(MIN_RATIO, ratios[j]);
        }
        PCAModel model = new PCAModel(
                "pca",
                fitting.provenance(PCAModel.class),
                map,
                dataset.getOutputIDInfo(),
                standardizer,
                kept,
                zMean,
                keptComponents,
                weights,
                rule,
                Double.NaN);
        double[] trainingScores = new double[n];
        for (int r = 0; r < n; r++) {
            trainingScores[r] = model.score(Arrays.copyOfRange(raw, r * d, (r + 1) * d));
        }
        return model.withThreshold(threshold(trainingScores, contamination));
    }

    /** The columns whose training values are not all equal. */
    static int[] varyingColumns(double[] raw, int n, int d) {
        int[] out = new int[d];
        int m = 0;
        for (int c = 0; c < d; c++) {
            double first = raw[c];
            for (int r = 1; r < n; r++) {
                if (raw[r * d + c] != first) {
                    out[m++] = c;
                    break;
                }
            }
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * How many components a setting keeps, as scikit-learn's PCA counts them.
     *
     * @param setting 0 = all, (0, 1) = the fewest whose cumulative ratio exceeds it, >= 1 = that many.
     * @param ratios  explained-variance ratios, descending.
     * @return the count, between 1 and {@code ratios.length}.
     */
    static int componentCount(double setting, double[] ratios) {
        if (setting == 0) {
            return ratios.length;
        }
        if (setting >= 1) {
            if (setting > ratios.length) {
                throw new IllegalArgumentException("PCA: " + (int) setting + " components asked for, but only "
                        + ratios.length + " exist (min of rows and varying columns)");
            }
            return (int) setting;
        }
        double cumulative = 0;
        for (int j = 0; j < ratios.length; j++) {
            cumulative += ratios[j];
            if (cumulative > setting) {
                return j + 1;
            }
        }
        return ratios.length;
    }

    @Override
    public String toString() {
        return "PCATrainer(components=" + (components == 0 ? "all" : components) + ",scoring=" + scoring + ")";
    }
}
