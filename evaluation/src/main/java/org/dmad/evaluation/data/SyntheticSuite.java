package org.dmad.evaluation.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated datasets with ADBench's four synthetic anomaly types (Han et al., "ADBench: Anomaly Detection
 * Benchmark", NeurIPS 2022, section 4.3) planted in normal data drawn from a Gaussian mixture:
 * <ul>
 *   <li>{@code local}: drawn from the same mixture with every covariance scaled by alpha = 5;</li>
 *   <li>{@code global}: uniform over the normal data's bounding box widened by 10% on each side;</li>
 *   <li>{@code dependency}: each feature drawn independently from the normal data's marginal, which breaks the
 *       dependence between features (ADBench models the dependence with a vine copula; independent marginals are
 *       the same idea without the copula);</li>
 *   <li>{@code clustered}: drawn from the mixture with its means scaled by alpha = 5.</li>
 * </ul>
 * Everything is seeded; the same seed and sizes give the same bytes, and the recipe is hashed into the provenance.
 */
public final class SyntheticSuite {

    /** The anomaly types, in ADBench's order. */
    public static final List<String> TYPES = List.of("local", "global", "dependency", "clustered");

    private static final double ALPHA = 5.0;
    private static final int COMPONENTS = 3;

    private SyntheticSuite() {}

    /**
     * One dataset per anomaly type with the default size (2,000 rows, 8 features, 5% anomalies).
     *
     * @param seed the generator seed.
     * @return the four datasets.
     */
    public static List<TabularData> all(long seed) {
        List<TabularData> out = new ArrayList<>();
        for (String type : TYPES) {
            out.add(generate(type, 1900, 100, 8, seed));
        }
        return out;
    }

    /**
     * Generates one dataset; rows are shuffled so that anomalies are spread through the file.
     *
     * @param type      local, global, dependency or clustered.
     * @param normals   normal rows.
     * @param anomalies anomalous rows.
     * @param columns   features.
     * @param seed      the generator seed.
     * @return the dataset, named {@code synthetic-<type>}.
     */
    public static TabularData generate(String type, int normals, int anomalies, int columns, long seed) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("Unknown synthetic anomaly type '" + type + "': use one of " + TYPES);
        }
        if (normals < 2 || anomalies < 0 || columns < 1) {
            throw new IllegalArgumentException("Need at least 2 normal rows and 1 column");
        }
        Random r = new Random(seed);
        double[][] means = new double[COMPONENTS][columns];
        double[][][] mixing = new double[COMPONENTS][columns][columns];
        for (int c = 0; c < COMPONENTS; c++) {
            for (int i = 0; i < columns; i++) {
                means[c][i] = 3 * r.nextGaussian();
                for (int j = 0; j < columns; j++) {
                    mixing[c][i][j] = (i == j ? 1.0 : 0.0) + 0.5 * r.nextGaussian();
                }
            }
        }
        int n = normals + anomalies;
        double[][] rows = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < normals; i++) {
            rows[i] = gaussianMixture(r, means, mixing, 1.0, 1.0);
        }
        double[] lo = new double[columns];
        double[] hi = new double[columns];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < normals; i++) {
            for (int j = 0; j < columns; j++) {
                lo[j] = Math.min(lo[j], rows[i][j]);
                hi[j] = Math.max(hi[j], rows[i][j]);
            }
        }
        for (int i = normals; i < n; i++) {
            y[i] = 1;
            rows[i] = switch (type) {
                case "local" -> gaussianMixture(r, means, mixing, 1.0, Math.sqrt(ALPHA));
                case "clustered" -> gaussianMixture(r, means, mixing, ALPHA, 1.0);
                case "global" -> {
                    double[] v = new double[columns];
                    for (int j = 0; j < columns; j++) {
                        double pad = 0.1 * (hi[j] - lo[j]);
                        v[j] = lo[j] - pad + r.nextDouble() * (hi[j] - lo[j] + 2 * pad);
                    }
                    yield v;
                }
                default -> {
                    double[] v = new double[columns];
                    for (int j = 0; j < columns; j++) {
                        v[j] = rows[r.nextInt(normals)][j];
                    }
                    yield v;
                }
            };
        }
        // Shuffle rows so that a file-order split sees anomalies everywhere.
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double[] t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
            int ty = y[i];
            y[i] = y[j];
            y[j] = ty;
        }
        double[] x = new double[n * columns];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, x, i * columns, columns);
        }
        String recipe = String.format(
                Locale.ROOT,
                "SyntheticSuite v1 type=%s normals=%d anomalies=%d columns=%d " + "seed=%d components=%d alpha=%.1f",
                type,
                normals,
                anomalies,
                columns,
                seed,
                COMPONENTS,
                ALPHA);
        DatasetRecord record = new DatasetRecord(
                "synthetic-" + type, "generated:" + recipe, Hashing.sha256(recipe), n, columns, anomalies);
        return new TabularData(x, y, TabularData.genericNames(columns), record);
    }

    private static double[] gaussianMixture(
            Random r, double[][] means, double[][][] mixing, double meanScale, double spread) {
        int c = r.nextInt(means.length);
        int d = means[c].length;
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = r.nextGaussian();
        }
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += mixing[c][i][j] * z[j];
            }
            v[i] = meanScale * means[c][i] + spread * s;
        }
        return v;
    }
}
