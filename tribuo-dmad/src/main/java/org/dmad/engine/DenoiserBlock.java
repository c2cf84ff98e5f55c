package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The noise-prediction network eps_theta(x_t, t) described by {@link DenoiserNetwork}, as a DJL block with declared
 * children:
 * <ul>
 *     <li>time: sinusoidal embedding of width E (E/2 cosines then E/2 sines of t * exp(-ln(10000) * i / (E/2))),
 *     then Linear(E, E) - SiLU - Linear(E, E);</li>
 *     <li>input: Linear(d, w), plus SiLU - Linear(E, w) of the time embedding;</li>
 *     <li>residual blocks: x + Dropout(Linear(Dropout(ReLU(Linear(BatchNorm(x)))))) with inner width h;</li>
 *     <li>head: BatchNorm - ReLU - Linear(w, d).</li>
 * </ul>
 * Inputs: the rows, shape (batch, d), and the timesteps as floats, shape (batch) or (1); a single timestep is shared
 * by every row, which lets a reverse chain (where all rows are at the same t) compute the time embedding once
 * instead of once per row. In place of the timesteps a training may pass their sinusoidal embeddings, shape
 * (batch, E), gathered on the device from {@link #embedSteps} (the embedding of timesteps computes on the host, which
 * reads them from the device: a wait for a GPU). Linear layers start as PyTorch's {@code nn.Linear}; batch normalisation uses PyTorch's
 * momentum 0.1 and epsilon 1e-5, and its running statistics are saved with the parameters.
 * <p>
 * Each residual block is a declared child (its branch); the addition happens in {@link #forwardInternal}. Batch
 * normalisation is {@link DenoiserBatchNorm}, not DJL's {@code BatchNorm}, for bit-reproducible trainings.
 */
public final class DenoiserBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final double[] frequencies;
    private final Block timeMlp;
    private final Block timeProjection;
    private final Block inputLayer;
    private final List<Block> residuals;
    private final Block head;

    /** The sinusoidal embeddings of timesteps 0..T-1 on the parameters' device, made on the first {@link #embedSteps}. */
    private NDArray table;

    /**
     * Builds the block's children.
     *
     * @param spec the architecture.
     */
    public DenoiserBlock(DenoiserNetwork spec) {
        super(VERSION);
        int half = spec.embeddingSize() / 2;
        frequencies = new double[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = Math.exp(-Math.log(10000.0) * i / half);
        }
        int e = spec.embeddingSize();
        timeMlp = addChildBlock(
                "timeMlp",
                new SequentialBlock().add(MLPNetwork.linear(e, e)).add(silu()).add(MLPNetwork.linear(e, e)));
        timeProjection = addChildBlock(
                "timeProjection", new SequentialBlock().add(silu()).add(MLPNetwork.linear(e, spec.width())));
        inputLayer = addChildBlock("input", MLPNetwork.linear(spec.inputs(), spec.width()));
        List<Block> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < spec.residualBlocks(); i++) {
            blocks.add(addChildBlock("residual" + i, residual(spec)));
        }
        residuals = List.copyOf(blocks);
        head = addChildBlock(
                "head",
                new SequentialBlock()
                        .add(new DenoiserBatchNorm())
                        .add(Activation.reluBlock())
                        .add(MLPNetwork.linear(spec.width(), spec.inputs())));
    }

    /**
     * SiLU, x * sigmoid(x), from array operands only. DJL's {@code Activation.swishBlock(1f)} computes
     * x * sigmoid(x.mul(1f)), and {@code NDArray.mul(Number)} wraps the number in a 0-d tensor whose storage is a
     * Java direct buffer, closes it right after the multiplication, and so leaves the Java buffer to the garbage
     * collector; in training PyTorch's autograd keeps that tensor for the backward pass (the gradient of a product
     * needs the other factor), and when a collection frees the buffer in between, the backward pass reads freed
     * memory. That made same-seed denoiser trainings differ from run to run and occasionally diverge to NaN. The
     * result here is bit-identical to an undisturbed swish with beta 1 (x * 1 is exact).
     *
     * @return the activation block.
     */
    static Block silu() {
        return LambdaBlock.singleton(x -> x.mul(Activation.sigmoid(x)), "SiLU");
    }

    private static Block residual(DenoiserNetwork spec) {
        SequentialBlock branch = new SequentialBlock()
                .add(new DenoiserBatchNorm())
                .add(MLPNetwork.linear(spec.width(), spec.hiddenSize()))
                .add(Activation.reluBlock());
        if (spec.dropoutFirst() > 0) {
            branch.add(Dropout.builder().optRate((float) spec.dropoutFirst()).build());
        }
        branch.add(MLPNetwork.linear(spec.hiddenSize(), spec.width()));
        if (spec.dropoutSecond() > 0) {
            branch.add(Dropout.builder().optRate((float) spec.dropoutSecond()).build());
        }
        return branch;
    }

    /**
     * The sinusoidal embedding of timesteps: cosines then sines, computed on the host in double precision (timesteps
     * are few: one per row in training, one per batch in scoring).
     *
     * @param t the timesteps, shape (n) as floats.
     * @return shape (n, E), owned by t's manager.
     */
    NDArray embed(NDArray t) {
        return embed(t.toFloatArray(), t.getManager());
    }

    /**
     * {@link #embed(NDArray)} of timesteps held on the host (a grouped training's draws): no round trip of the
     * timesteps through the device.
     *
     * @param steps   the timesteps.
     * @param manager the manager (and device) of the result.
     * @return shape (n, E).
     */
    NDArray embed(float[] steps, NDManager manager) {
        int half = frequencies.length;
        float[] out = new float[steps.length * 2 * half];
        for (int r = 0; r < steps.length; r++) {
            for (int i = 0; i < half; i++) {
                double arg = steps[r] * frequencies[i];
                out[r * 2 * half + i] = (float) Math.cos(arg);
                out[r * 2 * half + half + i] = (float) Math.sin(arg);
            }
        }
        return manager.create(out, new Shape(steps.length, 2L * half));
    }

    /**
     * The sinusoidal embeddings of integer timesteps, gathered on the device from a table of all T timesteps that
     * this block makes on its parameters' device at the first call (and again when T changes): the same values
     * {@link #embed(NDArray)} computes, without reading the timesteps back to the host or uploading anything.
     *
     * @param steps     integer timesteps in [0, T), as floats, shape (n), on the training device.
     * @param timesteps T.
     * @return shape (n, E), owned by the manager of {@code steps}.
     */
    NDArray embedSteps(NDArray steps, int timesteps) {
        if (table == null || table.isReleased() || table.getShape().get(0) != timesteps) {
            if (table != null && !table.isReleased()) {
                table.close();
            }
            float[] all = new float[timesteps];
            for (int t = 0; t < timesteps; t++) {
                all[t] = t;
            }
            table = embed(all, inputLayer.getParameters().valueAt(0).getArray().getManager());
        }
        NDManager owner = steps.getManager();
        try (NDArray index = steps.toType(DataType.INT64, false)) {
            NDArray rows = table.get(index);
            rows.attach(owner);
            return rows;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray t = inputs.get(1);
        NDArray sinusoids = t.getShape().dimension() == 2 ? t : embed(t);
        NDArray time =
                timeMlp.forward(store, new NDList(sinusoids), training, params).singletonOrThrow();
        NDArray timeShift = timeProjection
                .forward(store, new NDList(time), training, params)
                .singletonOrThrow();
        NDArray h = inputLayer
                .forward(store, new NDList(x), training, params)
                .singletonOrThrow()
                .add(timeShift);
        for (Block r : residuals) {
            h = h.add(r.forward(store, new NDList(h), training, params).singletonOrThrow());
        }
        return head.forward(store, new NDList(h), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        int e = frequencies.length * 2;
        timeMlp.initialize(manager, dataType, new Shape(batch, e));
        timeProjection.initialize(manager, dataType, new Shape(batch, e));
        inputLayer.initialize(manager, dataType, inputShapes[0]);
        Shape stream = inputLayer.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        for (Block r : residuals) {
            r.initialize(manager, dataType, stream);
        }
        head.initialize(manager, dataType, stream);
    }
}
