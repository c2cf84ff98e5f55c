package org.dmad.evaluation.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.dmad.engine.Standardizer;
import org.dmad.evaluation.data.TabularData;

/**
 * How a dataset is split into training and test rows.
 * <ul>
 *   <li>{@link #SEMI}: the semi-supervised protocol of the diffusion anomaly-detection literature (Livernoche et al.,
 *       ICLR 2024, following ADBench): files under 1,000 rows are resampled with replacement to 1,000 rows and
 *       files over 50,000 rows subsampled to 50,000 without replacement (both in the order drawn, as ADBench does);
 *       then the first round(0.5 * normals) normal rows in that order train and the other normals plus all anomalies
 *       test. Resampling puts duplicates of a row on both sides of the split, which inflates scores on small files.
 *       The default of {@code dmad bench}, for figures comparable with the published ones.</li>
 *   <li>{@link #SEMI_CLEAN}: the same without resampling small files, so no row appears on both sides: the honest
 *       choice for small files.</li>
 *   <li>{@link #UNSUP}: unsupervised: a bootstrap sample (with replacement) of the whole dataset trains, with its
 *       labels hidden from detectors, and the whole dataset tests.</li>
 * </ul>
 * A standard scaler is fitted on the training rows only and applied to both sides. Resampling and bootstrap draws
 * use {@code java.util.Random(seed)}, so the rows drawn differ from numpy's for the same seed.
 */
public enum Protocol {
    /** The literature's semi-supervised protocol, with ADBench's resampling. */
    SEMI,
    /** Semi-supervised without resampling small files. */
    SEMI_CLEAN,
    /** Unsupervised: bootstrap training sample, whole dataset as test. */
    UNSUP;

    /** Files with fewer rows are resampled to this many under {@link #SEMI}. */
    public static final int MIN_ROWS = 1000;
    /** Files with more rows are subsampled to this many. */
    public static final int MAX_ROWS = 50000;

    /**
     * Parses a protocol name: semi, semi-clean or unsup.
     *
     * @param name the name.
     * @return the protocol.
     */
    public static Protocol parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "semi" -> SEMI;
            case "semi-clean", "semi_clean" -> SEMI_CLEAN;
            case "unsup", "unsupervised" -> UNSUP;
            default ->
                throw new IllegalArgumentException("Unknown protocol '" + name + "': use semi, semi-clean or unsup");
        };
    }

    /** @return the command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Splits a dataset.
     *
     * @param data the dataset.
     * @param seed the seed of resampling and bootstrap draws.
     * @return the standardised split.
     * @throws IllegalArgumentException when the dataset has no normal rows to train on.
     */
    public Split split(TabularData data, long seed) {
        Random random = new Random(seed);
        int n = data.rows();
        int[] rows = rows(n, random);
        String resampling = "none";
        if (n > MAX_ROWS) {
            resampling = "subsampled " + n + " -> " + MAX_ROWS + " rows without replacement, in draw order";
        } else if (this == SEMI && n < MIN_ROWS) {
            resampling = "resampled " + n + " -> " + MIN_ROWS + " rows with replacement";
        }
        int[] trainIdx;
        int[] testIdx;
        if (this == UNSUP) {
            trainIdx = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                trainIdx[i] = rows[random.nextInt(rows.length)];
            }
            testIdx = rows;
        } else {
            int normals = normals(data, rows);
            int nTrain = (int) Math.rint(0.5 * normals);
            if (nTrain == 0) {
                throw new IllegalArgumentException(
                        data.name() + " has " + normals + " normal rows: nothing to train on");
            }
            trainIdx = new int[nTrain];
            testIdx = new int[rows.length - nTrain];
            int t = 0;
            int s = 0;
            for (int i : rows) {
                if (data.y()[i] == 0 && t < nTrain) {
                    trainIdx[t++] = i;
                } else {
                    testIdx[s++] = i;
                }
            }
        }
        int d = data.columns();
        double[] train = gather(data.x(), d, trainIdx);
        double[] test = gather(data.x(), d, testIdx);
        protocolScaling(train, test, d);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("protocol", cliName());
        facts.put("seed", Long.toString(seed));
        facts.put("resampling", resampling);
        facts.put("n_train", Integer.toString(trainIdx.length));
        facts.put("n_test", Integer.toString(testIdx.length));
        facts.put(
                "test_anomalies",
                Long.toString(
                        Arrays.stream(testIdx).filter(i -> data.y()[i] == 1).count()));
        facts.put("scaler", "standard scaler fitted on the training rows");
        return new Split(train, labels(data.y(), trainIdx), test, labels(data.y(), testIdx), d, facts);
    }

    /**
     * The number of training rows of {@link #split(TabularData, long)}, without making the split: the same draws of
     * rows, but no copies of the values and no scaling. A training's step total needs only this count (the groups
     * across datasets of {@code dmad bench --group datasets:N} are formed by step totals).
     *
     * @param data the dataset.
     * @param seed the seed of resampling and bootstrap draws.
     * @return the split's training rows; 0 when the dataset has no normal rows to train on (the split refuses it).
     */
    public int trainRows(TabularData data, long seed) {
        int[] rows = rows(data.rows(), new Random(seed));
        return this == UNSUP ? rows.length : (int) Math.rint(0.5 * normals(data, rows));
    }

    /** The rows a split draws from, in draw order: the dataset's, subsampled or (under SEMI) resampled. */
    private int[] rows(int n, Random random) {
        if (n > MAX_ROWS) {
            return subsample(n, MAX_ROWS, random);
        } else if (this == SEMI && n < MIN_ROWS) {
            int[] rows = new int[MIN_ROWS];
            for (int i = 0; i < MIN_ROWS; i++) {
                rows[i] = random.nextInt(n);
            }
            return rows;
        }
        return identity(n);
    }

    /** The normal rows among drawn rows. */
    private static int normals(TabularData data, int[] rows) {
        int normals = 0;
        for (int i : rows) {
            normals += data.y()[i] == 0 ? 1 : 0;
        }
        return normals;
    }

    /**
     * The protocol's scaling, a named step of every split: a standard scaler (column means and population standard
     * deviations, {@link Standardizer#fit}) fitted on the training rows and applied, in double precision and in
     * place, to the training and the test rows. This is the one scaling a benchmark chooses; a dmad detector then fits
     * its own standardisation on the rows it is given, as it does for any user's data, and on scaled rows that second
     * one is the identity up to rounding (docs/BENCHMARKS.md gives how many values it changes).
     *
     * @param train the training rows, row-major; scaled in place.
     * @param test  the test rows, row-major; scaled in place.
     * @param d     values per row.
     * @return the fitted scaler.
     */
    public static Standardizer protocolScaling(double[] train, double[] test, int d) {
        Standardizer scaler = Standardizer.fit(train, d);
        standardise(train, scaler);
        standardise(test, scaler);
        return scaler;
    }

    private static void standardise(double[] values, Standardizer scaler) {
        double[] mean = scaler.mean();
        double[] scale = scaler.scale();
        int d = mean.length;
        for (int i = 0; i < values.length; i++) {
            values[i] = (values[i] - mean[i % d]) / scale[i % d];
        }
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] subsample(int n, int k, Random random) {
        int[] perm = identity(n);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        // Draw order, not file order: ADBench's np.random.choice(n, 50000, replace=False) keeps the rows in the order
        // drawn, so the "first half of the normals" is a random half. Sorting back to file order would put different
        // sub-populations on the two sides of sorted files (it cost 5-16 AUROC points on 10_cover).
        return Arrays.copyOf(perm, k);
    }

    private static double[] gather(double[] x, int d, int[] idx) {
        double[] out = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(x, idx[i] * d, out, i * d, d);
        }
        return out;
    }

    private static int[] labels(int[] y, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = y[idx[i]];
        }
        return out;
    }
}
