package org.dmad.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Non-parametric Diffusion Time Estimation (DTE-NP), from Livernoche et al., "On Diffusion Modeling for Anomaly
 * Detection", ICLR 2024.
 * <p>
 * Nothing is trained: the standardised training rows are the model. Under the variance-exploding process, the
 * posterior of the noise variance sigma2_t of a row x is approximately inverse-gamma with shape a = d/2 - 1 and
 * scale m(x)/2, where m(x) is the mean of the K smallest squared Euclidean distances from x to the training rows.
 * Normalising that density over the discrete schedule t = 0..T-1 gives a posterior over diffusion time; its mean
 * (the default) or its argmax is the anomaly score.
 * <p>
 * Which of the two produced the paper's figures: the reference repository has versions of {@code predict_score}
 * with each, and its {@code run.py} does not run DTE-NP. The argmax saturates at T - 1 for every row far from the
 * data, and the resulting ties cost accuracy, while the posterior mean matches the paper's figures
 * (docs/ALGORITHMS.md, "Where dmad differs", gives the measurements). So the posterior mean, which is strictly increasing in m(x) and therefore ranks rows as a mean
 * k-nearest-neighbour distance does, is what the figures measure and is the default; the specification's argmax is
 * kept as {@link Score#ARGMAX}.
 * <p>
 * Distances are computed as ||x||^2 + ||y||^2 - 2 x.y (clamped at 0) in double precision on the configured device,
 * for blocks of query rows against blocks of training rows, with a running top-K merge; so memory stays bounded by
 * the block sizes, never n x m x d. One matrix product per block gives ||y||^2 - 2 x.y (the query rows carry a
 * column of ones, the training block a row of its squared norms); ||x||^2 and the clamp, the same for every
 * candidate of a row and monotone, are applied to the K selected only. The posterior is evaluated in log space in Java.
 * <p>
 * Instances are immutable and thread-safe; the training rows move to the device on first use and {@link #close()}
 * releases them (a closed instance that is used again moves them again).
 */
public final class DTENonParametric implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;

    /** The reference's number of neighbours K. */
    public static final int DEFAULT_NEIGHBOURS = 5;
    /** The reference's number of timesteps T. */
    public static final int DEFAULT_TIMESTEPS = 300;
    /** Query rows per block. */
    public static final int DEFAULT_QUERY_BLOCK = 1024;
    /** Training rows per block: with the query block, at most 32 MB of distances at a time. */
    public static final int DEFAULT_REFERENCE_BLOCK = 4096;

    /** How the time posterior becomes a score. */
    public enum Score {
        /**
         * The posterior mean sum_t t * p(t | x) (the default): it keeps ranking rows beyond the argmax's saturation
         * at T - 1 and matches the paper's figures.
         */
        POSTERIOR_MEAN("posteriorMean"),
        /** argmax_t of the posterior (the first maximum), the specification's score. */
        ARGMAX("argmax");

        private final String configName;

        Score(String configName) {
            this.configName = configName;
        }

        /** @return the name used in configuration: {@code posteriorMean} or {@code argmax}. */
        public String configName() {
            return configName;
        }

        /**
         * Parses a configuration name, ignoring case.
         *
         * @param name {@code posteriorMean} or {@code argmax}.
         * @return the variant.
         * @throws IllegalArgumentException for any other name, listing the valid ones.
         */
        public static Score parse(String name) {
            return ConfigNames.parse(Score.class, Score::configName, name, "DTE-NonParametric score");
        }
    }

    private final float[] reference;
    private final int rows;
    private final int columns;
    private final int neighbours;
    private final NoiseSchedule schedule;
    private final Score score;
    private final String deviceSetting;
    private transient volatile String scoringDevice;
    private final int queryBlock;
    private final int referenceBlock;
    private final double shape;
    private final double[] logSigma2;
    private final double[] inverseSigma2;
    private transient volatile Native nativeState;

    /** The training rows on the device, in blocks. */
    private record Native(NDManager manager, List<Block> blocks) {}

    /**
     * Training rows start..end as the (d + 1) x rows matrix [-2 y^T; ||y||^2], so that [x, 1] times it is
     * ||y||^2 - 2 x.y.
     */
    private record Block(int start, int end, NDArray weights) {}

    /**
     * A detector over standardised training rows with the default block sizes.
     *
     * @param training      the standardised training rows (copied).
     * @param neighbours    K, at least 1 and at most the number of rows.
     * @param schedule      the noise schedule; its T is the number of timesteps.
     * @param score         argmax or posterior mean.
     * @param deviceSetting {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}.
     * @throws IllegalArgumentException for fewer than 3 columns (see {@link DTEInverseGamma#shape(int)}), K out of
     *                                  range, or a bad block size.
     */
    public DTENonParametric(
            Matrix training, int neighbours, NoiseSchedule schedule, Score score, String deviceSetting) {
        this(training, neighbours, schedule, score, deviceSetting, DEFAULT_QUERY_BLOCK, DEFAULT_REFERENCE_BLOCK);
    }

    /**
     * A detector with explicit block sizes (smaller blocks use less memory; results do not depend on them beyond
     * floating-point rounding).
     *
     * @param training       the standardised training rows (copied).
     * @param neighbours     K, at least 1 and at most the number of rows.
     * @param schedule       the noise schedule.
     * @param score          argmax or posterior mean.
     * @param deviceSetting  the device setting.
     * @param queryBlock     query rows per block, at least 1.
     * @param referenceBlock training rows per block, at least 1.
     */
    public DTENonParametric(
            Matrix training,
            int neighbours,
            NoiseSchedule schedule,
            Score score,
            String deviceSetting,
            int queryBlock,
            int referenceBlock) {
        this.shape = DTEInverseGamma.shape(training.columns());
        if (neighbours < 1 || neighbours > training.rows()) {
            throw new IllegalArgumentException("The number of neighbours k must be in [1, " + training.rows()
                    + "] (the number of training rows), got " + neighbours);
        }
        if (queryBlock < 1 || referenceBlock < 1) {
            throw new IllegalArgumentException(
                    "Block sizes must be positive, got " + queryBlock + " and " + referenceBlock);
        }
        this.reference = training.data().clone();
        this.rows = training.rows();
        this.columns = training.columns();
        this.neighbours = neighbours;
        this.schedule = schedule;
        this.score = score;
        this.deviceSetting = deviceSetting;
        this.queryBlock = queryBlock;
        this.referenceBlock = referenceBlock;
        int timesteps = schedule.timesteps();
        this.logSigma2 = new double[timesteps];
        this.inverseSigma2 = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            logSigma2[t] = Math.log(schedule.sigma2(t));
            inverseSigma2[t] = 1.0 / schedule.sigma2(t);
        }
    }

    /** @return the training rows as a new matrix (a copy). */
    public Matrix training() {
        return new Matrix(reference.clone(), rows, columns);
    }

    /** @return K. */
    public int neighbours() {
        return neighbours;
    }

    /** @return the noise schedule. */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** @return the score variant. */
    public Score score() {
        return score;
    }

    /** @return the device setting the detector was trained with (saved with the model as provenance). */
    public String deviceSetting() {
        return deviceSetting;
    }

    /** @return the requested scoring device setting, or null for the default ({@link DMADEngine#scoringSetting}). */
    public String scoringDevice() {
        return scoringDevice;
    }

    /**
     * Chooses the device scoring runs on; the device copy of the training rows is released when the choice changes
     * and made again on the new device at the next use. Do not call this while the detector is scoring.
     *
     * @param setting {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}, or null for the default: the trained
     *                device where it is visible, else the CPU.
     * @throws IllegalArgumentException when the setting is malformed (a GPU that is not visible fails at use).
     */
    public synchronized void setScoringDevice(String setting) {
        String s = setting == null ? null : DMADEngine.checkDeviceSetting(setting);
        if (!java.util.Objects.equals(s, scoringDevice)) {
            close();
            scoringDevice = s;
        }
    }

    /**
     * A new instance over the same rows and settings, with its own native state.
     *
     * @return the copy.
     */
    public DTENonParametric copy() {
        DTENonParametric copy = new DTENonParametric(
                new Matrix(reference, rows, columns),
                neighbours,
                schedule,
                score,
                deviceSetting,
                queryBlock,
                referenceBlock);
        copy.scoringDevice = scoringDevice;
        return copy;
    }

    /**
     * Anomaly scores of standardised rows.
     *
     * @param queries rows standardised like the training rows.
     * @return one score per row, in [0, T - 1]; higher = more anomalous.
     */
    public double[] score(Matrix queries) {
        return scores(meanNeighbourDistances(queries));
    }

    /**
     * Scores of the training rows, each leaving itself out of its own neighbours (otherwise every training row would
     * count its zero distance to itself, and the contamination threshold would sit far below test scores).
     *
     * @return one score per training row.
     * @throws IllegalArgumentException when there are not more than K training rows.
     */
    public double[] trainingScores() {
        return scores(leaveOneOutMeanNeighbourDistances());
    }

    /**
     * m(x): the mean of the K smallest squared Euclidean distances from each row to the training rows. Both score
     * variants are non-decreasing functions of it.
     *
     * @param queries standardised rows.
     * @return m per row.
     */
    public double[] meanNeighbourDistances(Matrix queries) {
        if (queries.columns() != columns) {
            throw new IllegalArgumentException(
                    "Expected " + columns + " features but the rows have " + queries.columns());
        }
        return neighbourStatistic(queries, false);
    }

    /**
     * m(x) of every training row with the row itself left out of its neighbours.
     *
     * @return m per training row.
     * @throws IllegalArgumentException when there are not more than K training rows.
     */
    public double[] leaveOneOutMeanNeighbourDistances() {
        if (rows <= neighbours) {
            throw new IllegalArgumentException("Leaving each row out of its own neighbours needs more than k = "
                    + neighbours + " training rows, got " + rows);
        }
        return neighbourStatistic(new Matrix(reference, rows, columns), true);
    }

    /**
     * The normalised log posterior over t = 0..T-1 for a row with statistic m: log InvGamma(sigma2_t; a = d/2 - 1,
     * scale = m/2) minus its log-sum-exp over t. Terms constant in t cancel, so m = 0 (a row on top of its K
     * neighbours) is well defined: the posterior then favours t = 0.
     *
     * @param meanDistance m(x), non-negative.
     * @return the log posterior, length T.
     */
    public double[] logPosterior(double meanDistance) {
        int timesteps = logSigma2.length;
        double halfScale = meanDistance / 2;
        double[] lp = new double[timesteps];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < timesteps; t++) {
            lp[t] = -(shape + 1) * logSigma2[t] - halfScale * inverseSigma2[t];
            max = Math.max(max, lp[t]);
        }
        double sum = 0;
        for (double v : lp) {
            sum += Math.exp(v - max);
        }
        double logZ = max + Math.log(sum);
        for (int t = 0; t < timesteps; t++) {
            lp[t] -= logZ;
        }
        return lp;
    }

    /**
     * The score of a row with statistic m under this detector's variant.
     *
     * @param meanDistance m(x).
     * @return argmax_t (the first maximum, as torch.argmax) or the posterior mean.
     */
    public double scoreOf(double meanDistance) {
        if (score == Score.POSTERIOR_MEAN) {
            return posteriorMean(meanDistance);
        }
        double[] lp = logPosterior(meanDistance);
        int best = 0;
        for (int t = 1; t < lp.length; t++) {
            if (lp[t] > lp[best]) {
                best = t;
            }
        }
        return best;
    }

    /**
     * The posterior mean of t with one exponential per timestep: sum t w_t / sum w_t with w_t = exp(lp_t - max),
     * which equals sum t exp(lp_t - logZ) without the normalised log posterior's second pass of exponentials.
     */
    private double posteriorMean(double meanDistance) {
        int timesteps = logSigma2.length;
        double halfScale = meanDistance / 2;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < timesteps; t++) {
            max = Math.max(max, -(shape + 1) * logSigma2[t] - halfScale * inverseSigma2[t]);
        }
        double sum = 0;
        double weighted = 0;
        for (int t = 0; t < timesteps; t++) {
            double w = Math.exp(-(shape + 1) * logSigma2[t] - halfScale * inverseSigma2[t] - max);
            sum += w;
            weighted += t * w;
        }
        return weighted / sum;
    }

    private double[] scores(double[] meanDistances) {
        double[] out = new double[meanDistances.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = scoreOf(meanDistances[i]);
        }
        return out;
    }

    private double[] neighbourStatistic(Matrix queries, boolean leaveOneOut) {
        int n = queries.rows();
        double[] out = new double[n];
        Native state = materialise();
        for (int qs = 0; qs < n; qs += queryBlock) {
            int qe = Math.min(n, qs + queryBlock);
            try (NDManager batch = state.manager().newSubManager()) {
                NDArray q = batch.create(queries.rows(qs, qe), new Shape(qe - qs, columns))
                        .toType(DataType.FLOAT64, false);
                NDArray qNorms = q.square().sum(new int[] {1}, true);
                NDArray augmented = q.concat(batch.ones(new Shape(qe - qs, 1), DataType.FLOAT64), 1);
                NDArray best = null;
                for (Block block : state.blocks()) {
                    best = mergeBlock(batch, augmented, qs, qe, block, best, leaveOneOut);
                }
                if (best.getShape().get(1) < neighbours) {
                    throw new IllegalStateException(
                            "Found " + best.getShape().get(1) + " neighbours, need " + neighbours);
                }
                best = best.add(qNorms).maximum(0);
                double[] sums = best.sum(new int[] {1}).toDoubleArray();
                for (int i = 0; i < sums.length; i++) {
                    double m = sums[i] / neighbours;
                    if (!Double.isFinite(m)) {
                        throw new IllegalStateException("Row " + (qs + i) + " has a non-finite neighbour distance " + m
                                + "; the input or the model is broken");
                    }
                    out[qs + i] = m;
                }
            }
        }
        return out;
    }

    /**
     * Merges one training block into a query block's running K smallest partial distances ||y||^2 - 2 x.y.
     *
     * @return the new K smallest (or fewer while fewer rows were seen), owned by {@code batch}.
     */
    private NDArray mergeBlock(
            NDManager batch, NDArray augmented, int qs, int qe, Block block, NDArray best, boolean leaveOneOut) {
        try (NDManager step = batch.newSubManager()) {
            // Results belong to their first operand's manager: move the product to the step's manager so that every
            // block-sized temporary is freed when the step ends.
            NDArray distances = augmented.matMul(block.weights());
            distances.attach(step);
            if (leaveOneOut && block.start() < qe && qs < block.end()) {
                NDArray self = step.arange(qs, qe)
                        .reshape(qe - qs, 1)
                        .eq(step.arange(block.start(), block.end()).reshape(1, block.end() - block.start()));
                distances = NDArrays.where(
                        self, step.full(distances.getShape(), Float.POSITIVE_INFINITY, DataType.FLOAT64), distances);
            }
            // Select within the block first, then merge the few selected with the running best: no block-sized copy.
            NDArray selected = distances
                    .topK((int) Math.min(neighbours, distances.getShape().get(1)), 1, false, false)
                    .get(0);
            NDArray merged = best == null
                    ? selected
                    : selected.concat(best, 1)
                            .topK(
                                    (int) Math.min(
                                            neighbours,
                                            selected.getShape().get(1)
                                                    + best.getShape().get(1)),
                                    1,
                                    false,
                                    false)
                            .get(0);
            merged.attach(batch);
            if (best != null) {
                best.close();
            }
            return merged;
        }
    }

    private Native materialise() {
        Native n = nativeState;
        if (n != null) {
            return n;
        }
        synchronized (this) {
            if (nativeState == null) {
                Device device = DMADEngine.scoringDevice(scoringDevice, deviceSetting);
                NDManager manager =
                        NDManager.newBaseManager(device, DMADEngine.engine().getEngineName());
                try {
                    List<Block> blocks = new ArrayList<>();
                    for (int start = 0; start < rows; start += referenceBlock) {
                        int end = Math.min(rows, start + referenceBlock);
                        try (NDManager tmp = manager.newSubManager()) {
                            NDArray r = tmp.create(
                                            Arrays.copyOfRange(reference, start * columns, end * columns),
                                            new Shape(end - start, columns))
                                    .toType(DataType.FLOAT64, false);
                            NDArray norms = r.square().sum(new int[] {1}).reshape(1, end - start);
                            NDArray weights = r.transpose().mul(-2).concat(norms, 0);
                            weights.attach(manager);
                            blocks.add(new Block(start, end, weights));
                        }
                    }
                    nativeState = new Native(manager, List.copyOf(blocks));
                } catch (RuntimeException e) {
                    manager.close();
                    throw e;
                }
            }
            return nativeState;
        }
    }

    /** @return true when the training rows are currently held on the device. */
    public boolean isMaterialised() {
        return nativeState != null;
    }

    /** Releases the device copy of the training rows; it is made again if the instance is used again. */
    @Override
    public synchronized void close() {
        Native n = nativeState;
        nativeState = null;
        if (n != null) {
            n.manager().close();
        }
    }
}
