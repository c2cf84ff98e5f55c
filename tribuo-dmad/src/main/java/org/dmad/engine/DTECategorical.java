package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.List;

/**
 * Diffusion Time Estimation with a categorical time posterior (DTE-C), from Livernoche et al., "On Diffusion
 * Modeling for Anomaly Detection", ICLR 2024.
 * <p>
 * Normal rows are noised with the variance-exploding process x_t = x_0 + sqrt(sigma2_t) * eps, and an MLP learns to
 * classify which of K equal-width bins of the diffusion time t the noisy row came from (target bin
 * floor(t * K / T), cross-entropy). A clean test row far from the normal data looks as if it had been diffused for a
 * long time, so its expected bin, sum_k softmax(f(x))_k * k, is its anomaly score.
 */
public final class DTECategorical {

    private DTECategorical() {}

    /**
     * The DTE network for d inputs and K bins.
     *
     * @param inputs  d.
     * @param hidden  hidden widths (256, 512, 256 in the paper).
     * @param numBins K.
     * @param dropout dropout after every hidden activation but the first.
     * @return the architecture.
     */
    public static MLPNetwork network(int inputs, List<Integer> hidden, int numBins, double dropout) {
        return new MLPNetwork(inputs, hidden, numBins, dropout);
    }

    /**
     * The bin of a timestep: clamp(floor(t * K / T), 0, K - 1).
     *
     * @param t         the timestep.
     * @param timesteps T.
     * @param numBins   K.
     * @return the bin.
     */
    public static int bin(int t, int timesteps, int numBins) {
        return Math.max(0, Math.min(numBins - 1, (int) Math.floor((double) t * numBins / timesteps)));
    }

    /**
     * The training loss: one uniform timestep per row, variance-exploding noise, cross-entropy against the bin.
     * <p>
     * The reference implementation (the code behind the paper's figures) ends its network in a softmax and hands
     * those probabilities to PyTorch's {@code CrossEntropyLoss}, which applies a second (log-)softmax. That squashes
     * the effective logits into [0, 1] and regularises the classifier strongly; it is also what the published
     * accuracy depends on (docs/ALGORITHMS.md, "Where dmad differs", gives the measured effect).
     * {@code softmaxOutput = true} reproduces the reference and is the default; false trains on logits.
     *
     * @param schedule      the noise schedule (its T is the number of timesteps).
     * @param numBins       K.
     * @param softmaxOutput true for the reference's cross-entropy on softmax outputs, false for cross-entropy on
     *                      logits.
     * @return the objective.
     */
    public static DiffusionObjective objective(NoiseSchedule schedule, int numBins, boolean softmaxOutput) {
        Loss crossEntropy = Loss.softmaxCrossEntropyLoss();
        final class Plain extends Draws implements StagedObjective {
            Plain() {
                super(schedule, numBins);
            }

            @Override
            public NDArray loss(Block block, ParameterStore store, NDArray x0, NDArray drawn) {
                NDArray xt = varianceExploding(x0, drawn);
                NDArray logits = block.forward(store, new NDList(xt), true).singletonOrThrow();
                NDArray input = softmaxOutput ? logits.softmax(1) : logits;
                NDArray bins = drawn.get(":, 1").toType(DataType.INT32, false);
                return crossEntropy.evaluate(new NDList(bins), new NDList(input));
            }
        }
        return new Plain();
    }

    /**
     * The variance-exploding forward process of DTE: x_t = x_0 + sqrt(sigma2_t) * eps, eps standard normal from the
     * engine's generator, with each row's noise scale in the first drawn column.
     *
     * @param x0    the clean rows, (batch, d), or a group's stacked rows, (A, batch, d).
     * @param drawn the staged draws, (batch, perRow) or (A, batch, perRow), noise scale first.
     * @return x_t, shaped as x0.
     */
    static NDArray varianceExploding(NDArray x0, NDArray drawn) {
        NDArray noise = x0.getManager().randomNormal(x0.getShape());
        return x0.add(noise.mul(TimestepDraws.perRow(drawn, 0, x0)));
    }

    /**
     * What a DTE-C step draws per row from its generator: one uniform timestep t, as the noise scale sqrt(sigma2_t),
     * the time bin (as a float, exact) and the row's weight 1 / rows in its batch's mean.
     */
    private static class Draws extends TimestepDraws {
        Draws(NoiseSchedule schedule, int numBins) {
            super(schedule.timesteps(), true, noiseScales(schedule), bins(schedule.timesteps(), numBins));
        }

        private static float[] noiseScales(NoiseSchedule schedule) {
            float[] out = new float[schedule.timesteps()];
            for (int t = 0; t < out.length; t++) {
                out[t] = (float) Math.sqrt(schedule.sigma2(t));
            }
            return out;
        }

        private static float[] bins(int timesteps, int numBins) {
            float[] out = new float[timesteps];
            for (int t = 0; t < timesteps; t++) {
                out[t] = bin(t, timesteps, numBins);
            }
            return out;
        }
    }

    /**
     * The training loss of {@link #objective} for a group of networks trained together ({@link GroupedTraining}):
     * each member draws its timesteps from its own generator, and its loss is the mean cross-entropy over its own
     * rows. A group of one computes exactly what {@link #objective} does. Noise is drawn for every column of the
     * batch, a member's padded columns included; the network masks those ({@link GroupedTraining.Network#forward}).
     *
     * @param schedule      the noise schedule.
     * @param numBins       K.
     * @param softmaxOutput as for {@link #objective}.
     * @return the grouped objective.
     */
    public static GroupedTraining.Objective groupObjective(NoiseSchedule schedule, int numBins, boolean softmaxOutput) {
        Loss crossEntropy = Loss.softmaxCrossEntropyLoss();
        final class Group extends Draws implements GroupedTraining.Objective {
            Group() {
                super(schedule, numBins);
            }

            @Override
            public NDArray losses(GroupedTraining.Network network, NDArray x0, NDArray drawn, int[] rows) {
                NDArray xt = varianceExploding(x0, drawn);
                if (network.plain()) {
                    NDArray logits = network.forward(xt, true);
                    NDArray input = softmaxOutput ? logits.softmax(1) : logits;
                    NDArray bins = drawn.get(":, 1").toType(DataType.INT32, false);
                    return crossEntropy.evaluate(new NDList(bins), new NDList(input));
                }
                NDArray logits = network.forward(xt, true);
                NDArray input = softmaxOutput ? logits.softmax(2) : logits;
                NDArray target =
                        drawn.get(":, :, 1").toType(DataType.INT32, false).oneHot(numBins);
                NDArray rowLoss =
                        input.logSoftmax(2).mul(target).sum(new int[] {2}).neg();
                return rowLoss.mul(drawn.get(":, :, 2")).sum(new int[] {1});
            }
        }
        return new Group();
    }

    /**
     * The anomaly score: the expected bin under the predicted categorical posterior of a clean row.
     *
     * @param numBins K.
     * @return the score function.
     */
    public static BatchScorer.ScoreFunction score(int numBins) {
        return (block, store, x) -> {
            NDArray logits = block.forward(store, new NDList(x), false).singletonOrThrow();
            NDArray k = x.getManager().arange((float) numBins);
            return logits.softmax(1).mul(k).sum(new int[] {1});
        };
    }
}
