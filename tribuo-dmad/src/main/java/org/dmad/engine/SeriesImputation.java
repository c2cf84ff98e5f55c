package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Random;

/**
 * Imputation errors of time-series windows from an unconditional denoiser trained on whole flattened windows: the
 * idea of DiffAD (Xiao et al., "Imputation-based Time-Series Anomaly Detection with Conditional Weight-Incremental
 * Diffusion Models", KDD 2023) that an anomaly is easy to spot when it has to be imputed from its normal
 * surroundings, realised with RePaint's sampling-time conditioning (Lugmayr et al., "RePaint: Inpainting using
 * Denoising Diffusion Probabilistic Models", CVPR 2022) instead of DiffAD's conditional network.
 * <p>
 * The L time steps of a window are split into K interleaved masks: time step t belongs to mask t mod K, with all its
 * channels. Interleaving (rather than K contiguous blocks) gives every masked step observed immediate neighbours
 * (t - 1 and t + 1 are never in the mask of t), so a normal window is imputed from its closest context, which a
 * smooth series predicts well, while a spike cannot hide: when its step is masked it is imputed from normal
 * neighbours. Contiguous blocks would impute runs of L / K steps, up to L / (2K) steps away from any observed one,
 * which inflates the error of normal windows and blurs where an anomaly sits. With a strip width W > 1
 * ({@link SeriesScoring#maskWidth}) time step t belongs to mask floor(t / W) mod K instead: strips of W consecutive
 * steps are imputed together (W = 4, K = 2 are ImDiffusion's gratings), so a change of shape that spans a few steps
 * is imputed from its surroundings rather than from its own neighbouring steps. For each mask the reverse chain of the
 * scoring (DDPM or DDIM, from t_r - 1 down to 0) runs on the whole window:
 * <ul>
 *     <li>start: observed elements sqrt(abar) x + sqrt(1 - abar) e, masked elements sqrt(1 - abar) e (the training
 *     mean, 0 after standardisation, noised; {@link SeriesScoring.MaskStart#MEAN}) or sqrt(abar) xInterp +
 *     sqrt(1 - abar) e with xInterp the linear interpolation of the nearest observed steps
 *     ({@link SeriesScoring.MaskStart#INTERPOLATION}, {@link #interpolation}, built once per scoring), with one fixed-seed noise vector e per
 *     mask;</li>
 *     <li>after every step to timestep t', the observed elements are replaced by sqrt(abar_t') x + sqrt(1 - abar_t')
 *     e, the observed values noised to that step, with the same e (a deterministic forward trajectory, as DDIM's;
 *     RePaint draws fresh noise at every step and adds resampling jumps, which are left out);</li>
 *     <li>the masked elements of the final state are the imputations; element k's error is (x_k - imputed_k)^2.</li>
 * </ul>
 * Every element is masked exactly once, so the K passes give one error per element. The noise is drawn on the host
 * from a {@link Random} seeded with the scoring seed, once per batch and shared by its rows, as in
 * {@link DDPMReconstruction}; every step runs in its own sub-manager.
 */
public final class SeriesImputation {

    private SeriesImputation() {}

    /**
     * Per-element imputation errors of a batch of windows, shape (batch, L * C).
     *
     * @param schedule the noise schedule the denoiser was trained with.
     * @param scoring  the series scoring (mode imputation).
     * @return the function, for {@link BatchScorer#scoreRows}.
     * @throws IllegalArgumentException when t_r exceeds the schedule.
     */
    public static BatchScorer.ScoreFunction elementErrors(NoiseSchedule schedule, SeriesScoring scoring) {
        if (scoring.chain().reconstructionTime() > schedule.timesteps()) {
            throw new IllegalArgumentException(
                    "reconstructionTime " + scoring.chain().reconstructionTime() + " exceeds the denoiser's "
                            + schedule.timesteps() + " timesteps");
        }
        float[][] masks = masks(scoring);
        Interpolation[] starts = new Interpolation[masks.length];
        if (scoring.maskStart() == SeriesScoring.MaskStart.INTERPOLATION) {
            for (int k = 0; k < masks.length; k++) {
                starts[k] = interpolation(scoring, masks[k]);
            }
        }
        return (block, store, x) -> errors(block, store, x, schedule, scoring, masks, starts);
    }

    /**
     * The masks as 0/1 vectors over the time-major elements.
     *
     * @param scoring the scoring.
     * @return masks[k][t * C + c] = 1 when floor(t / W) mod K = k (t mod K = k for the default W = 1).
     */
    static float[][] masks(SeriesScoring scoring) {
        int k = scoring.maskCount();
        int c = scoring.channels();
        float[][] out = new float[k][scoring.width()];
        for (int t = 0; t < scoring.windowLength(); t++) {
            for (int j = 0; j < c; j++) {
                out[scoring.maskOf(t)][t * c + j] = 1f;
            }
        }
        return out;
    }

    /**
     * The linear interpolation of one mask's elements from the observed time steps: element k = t * C + c of a masked
     * step t is {@code wBefore[k] * x[before[k]] + wAfter[k] * x[after[k]]}, the nearest observed steps before and
     * after t in the same channel, weighted by distance; a masked step with an observed step on one side only copies
     * it. Observed elements have both weights 0 (their index is their own), so they interpolate to 0. At most two
     * elements feed each one, so two gathers and a weighted add apply it in O(n d) for n windows of d values.
     *
     * @param before  per element, the element of the nearest observed step before it.
     * @param after   per element, the element of the nearest observed step after it.
     * @param wBefore the weight of {@code before}.
     * @param wAfter  the weight of {@code after}.
     */
    record Interpolation(long[] before, long[] after, float[] wBefore, float[] wAfter) {

        /**
         * Applies the interpolation to a batch of windows.
         *
         * @param x       (n, d) windows.
         * @param manager the manager that owns the result and the index arrays.
         * @return (n, d), zero on the observed elements.
         */
        NDArray apply(NDArray x, NDManager manager) {
            int d = before.length;
            Shape shape = x.getShape();
            NDArray b = x.gather(manager.create(before, new Shape(1, d)).broadcast(shape), 1)
                    .mul(manager.create(wBefore, new Shape(1, d)));
            NDArray a = x.gather(manager.create(after, new Shape(1, d)).broadcast(shape), 1)
                    .mul(manager.create(wAfter, new Shape(1, d)));
            NDArray out = b.add(a);
            out.attach(manager);
            return out;
        }
    }

    /**
     * The linear interpolation of one mask's elements from the observed time steps.
     *
     * @param scoring the scoring.
     * @param mask    the mask's 0/1 values over the elements.
     * @return the interpolation.
     */
    static Interpolation interpolation(SeriesScoring scoring, float[] mask) {
        int l = scoring.windowLength();
        int ch = scoring.channels();
        int d = l * ch;
        long[] before = new long[d];
        long[] after = new long[d];
        for (int k = 0; k < d; k++) {
            before[k] = k;
            after[k] = k;
        }
        float[] wb = new float[d];
        float[] wa = new float[d];
        for (int t = 0; t < l; t++) {
            if (mask[t * ch] == 0f) {
                continue;
            }
            int prev = t - 1;
            while (prev >= 0 && mask[prev * ch] != 0f) {
                prev--;
            }
            int next = t + 1;
            while (next < l && mask[next * ch] != 0f) {
                next++;
            }
            double wBefore;
            double wAfter;
            if (prev >= 0 && next < l) {
                wBefore = (double) (next - t) / (next - prev);
                wAfter = 1.0 - wBefore;
            } else if (prev >= 0) {
                wBefore = 1.0;
                wAfter = 0.0;
            } else {
                wBefore = 0.0;
                wAfter = 1.0;
            }
            for (int c = 0; c < ch; c++) {
                int k = t * ch + c;
                if (prev >= 0) {
                    before[k] = (long) prev * ch + c;
                }
                if (next < l) {
                    after[k] = (long) next * ch + c;
                }
                wb[k] = (float) wBefore;
                wa[k] = (float) wAfter;
            }
        }
        return new Interpolation(before, after, wb, wa);
    }

    private static NDArray errors(
            Block block,
            ParameterStore store,
            NDArray x,
            NoiseSchedule s,
            SeriesScoring scoring,
            float[][] masks,
            Interpolation[] starts) {
        int d = scoring.width();
        if (x.getShape().get(1) != d) {
            throw new IllegalArgumentException(
                    "Expected windows of " + d + " values, got " + x.getShape().get(1));
        }
        NDManager batch = x.getManager();
        DDPMScoring chain = scoring.chain();
        Random random = new Random(chain.seed());
        NDArray total = batch.zeros(x.getShape());
        for (int k = 0; k < masks.length; k++) {
            float[] maskValues = masks[k];
            try (NDManager pass = batch.newSubManager()) {
                NDArray mask = pass.create(maskValues, new Shape(1, d));
                NDArray observed = mask.neg().add(1f);
                NDArray e = pass.create(DDPMReconstruction.gaussian(random, d), new Shape(1, d));
                Conditioning c = new Conditioning(x.mul(observed), e.mul(observed), mask);
                c.attach(pass);
                NDArray start = null;
                if (starts[k] != null) {
                    start = c.observedValues().add(starts[k].apply(x, pass));
                    start.attach(pass);
                }
                NDArray imputed = impute(block, store, pass, x, s, chain, c, e, random, start);
                total.addi(imputed.sub(x).square().mul(mask));
            }
        }
        return total;
    }

    /**
     * What the conditioning of one mask needs, owned by the mask's manager.
     *
     * @param observedValues x with the masked elements zeroed.
     * @param observedNoise  e with the masked elements zeroed.
     * @param mask           1 on the masked elements.
     */
    private record Conditioning(NDArray observedValues, NDArray observedNoise, NDArray mask) {
        void attach(NDManager manager) {
            observedValues.attach(manager);
            observedNoise.attach(manager);
            mask.attach(manager);
        }
    }

    /** The final state of the conditioned chain for one mask, owned by {@code owner}. */
    private static NDArray impute(
            Block block,
            ParameterStore store,
            NDManager owner,
            NDArray x,
            NoiseSchedule s,
            DDPMScoring chain,
            Conditioning c,
            NDArray e,
            Random random,
            NDArray start) {
        int d = (int) x.getShape().get(1);
        int top = chain.reconstructionTime() - 1;
        NDArray current = (start == null ? c.observedValues() : start)
                .mul((float) Math.sqrt(s.alphaBar(top)))
                .add(e.mul((float) Math.sqrt(s.sigma2(top))));
        current.attach(owner);
        if (chain.sampler() == DDPMScoring.Sampler.DDPM) {
            for (int t = top; t >= 0; t--) {
                float[] z = chain.stochastic() && t > 0 ? DDPMReconstruction.gaussian(random, d) : null;
                int from = t;
                current = step(
                        owner,
                        current,
                        c,
                        s,
                        t - 1,
                        (cur, m) -> DDPMReconstruction.ddpmStep(block, store, s, cur, m, from, z));
            }
        } else {
            int[] tau = chain.ddimTimesteps();
            for (int i = 0; i < tau.length; i++) {
                int from = tau[i];
                int to = i + 1 < tau.length ? tau[i + 1] : -1;
                current = step(
                        owner,
                        current,
                        c,
                        s,
                        to,
                        (cur, m) -> DDPMReconstruction.ddimMove(block, store, s, cur, m, from, to, chain.ddimEta()));
            }
        }
        return current;
    }

    /** One reverse update of the whole window. */
    @FunctionalInterface
    private interface Move {
        NDArray apply(NDArray current, NDManager step);
    }

    /**
     * One update in its own sub-manager, then the observed elements replaced by the observed values noised to
     * timestep {@code to} (the values themselves when to = -1).
     *
     * @return the conditioned state, owned by {@code owner}.
     */
    private static NDArray step(NDManager owner, NDArray current, Conditioning c, NoiseSchedule s, int to, Move move) {
        try (NDManager step = owner.newSubManager()) {
            current.attach(step);
            NDArray next = move.apply(current, step).mul(c.mask());
            // Products of the mask's arrays land in the mask's manager: move each into the step's at once.
            NDArray signal = c.observedValues().mul(to < 0 ? 1f : (float) Math.sqrt(s.alphaBar(to)));
            signal.attach(step);
            NDArray conditioned = next.add(signal);
            if (to >= 0) {
                NDArray noise = c.observedNoise().mul((float) Math.sqrt(s.sigma2(to)));
                noise.attach(step);
                conditioned = conditioned.add(noise);
            }
            conditioned.attach(owner);
            return conditioned;
        }
    }
}
