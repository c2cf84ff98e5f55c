package org.dmad.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Batch normalisation of (batch, channels) rows as PyTorch's {@code nn.BatchNorm1d} (Ioffe and Szegedy, 2015):
 * learned scale and shift, running mean and variance updated with momentum 0.1 in training and used in inference,
 * epsilon 1e-5. The running statistics are parameters without gradients, so they are saved and reloaded with the
 * network.
 * <p>
 * It calls PyTorch's batch norm directly rather than through DJL's {@code BatchNorm}, which for a channel axis other
 * than the last moves its input through a temporary sub-manager around the native call (and rejects axis -1 at
 * initialisation); in the denoiser, where the same array also feeds the residual addition, trainings with DJL's
 * block and the same seed came out different from run to run on one thread.
 */
public final class DenoiserBatchNorm extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float MOMENTUM = 0.1f;
    private static final float EPSILON = 1e-5f;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /** A batch normalisation whose width is set by the first input shape. */
    public DenoiserBatchNorm() {
        super(VERSION);
        gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .build());
        beta = addParameter(
                Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder()
                .setName("runningMean")
                .setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false)
                .build());
        runningVar = addParameter(Parameter.builder()
                .setName("runningVar")
                .setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false)
                .build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inputShapes[0].get(inputShapes[0].dimension() - 1));
        gamma.setShape(channels);
        beta.setShape(channels);
        runningMean.setShape(channels);
        runningVar.setShape(channels);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException("DenoiserBatchNorm expects (batch, channels), got " + x.getShape());
        }
        Device device = x.getDevice();
        // Axis -1 is DJL's direct path to PyTorch's batch norm, whose channel axis for 2-D input is the last one;
        // the momentum argument is DJL's, 1 - PyTorch's.
        return x.getNDArrayInternal()
                .batchNorm(
                        x,
                        store.getValue(runningMean, device, training),
                        store.getValue(runningVar, device, training),
                        store.getValue(gamma, device, training),
                        store.getValue(beta, device, training),
                        -1,
                        1 - MOMENTUM,
                        EPSILON,
                        training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
