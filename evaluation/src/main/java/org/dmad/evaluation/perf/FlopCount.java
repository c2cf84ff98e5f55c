package org.dmad.evaluation.perf;

import java.util.List;
import org.dmad.engine.DenoiserNetwork;

/**
 * Floating-point operations of dmad's networks, counted analytically from the layer sizes: a linear layer from
 * {@code in} to {@code out} features costs {@code 2 * in * out} per row forward (a multiply and an add per weight);
 * a training step costs three forwards per row (the backward pass computes the gradients of both the inputs and the
 * weights, two matrix multiplies per layer). Not counted: biases, activations, dropout, batch normalisation, the
 * softmax and loss, the host-side time embedding and the optimiser update (together a few percent of the total for
 * these widths), so the GFLOP/s derived from these counts slightly understate the work done.
 */
public final class FlopCount {

    /** Forwards per row that a training step costs: forward, then backward at twice the forward's cost. */
    public static final int TRAINING_FACTOR = 3;

    private FlopCount() {}

    /**
     * Forward FLOPs per row of an MLP.
     *
     * @param inputs  d.
     * @param hidden  hidden widths.
     * @param outputs output width.
     * @return {@code 2 * sum(in * out)} over the linear layers.
     */
    public static long mlpForward(int inputs, List<Integer> hidden, int outputs) {
        long flops = 0;
        int in = inputs;
        for (int h : hidden) {
            flops += 2L * in * h;
            in = h;
        }
        return flops + 2L * in * outputs;
    }

    /**
     * Forward FLOPs per row of the DDPM denoiser in training, where every row has its own timestep (the time MLP runs
     * per row): time MLP E-E-E, time projection E-w, input d-w, residual blocks w-h-w, head w-d.
     *
     * @param spec the architecture.
     * @return the count.
     */
    public static long denoiserForward(DenoiserNetwork spec) {
        long e = spec.embeddingSize();
        long w = spec.width();
        long h = spec.hiddenSize();
        long d = spec.inputs();
        return 2 * (2 * e * e + e * w + d * w + spec.residualBlocks() * 2 * w * h + w * d);
    }

    /**
     * FLOPs of one matrix multiply.
     *
     * @param m rows of the left operand.
     * @param k its columns.
     * @param n columns of the right operand.
     * @return {@code 2 * m * k * n}.
     */
    public static long matMul(long m, long k, long n) {
        return 2 * m * k * n;
    }
}
