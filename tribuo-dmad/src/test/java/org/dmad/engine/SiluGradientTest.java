package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The denoiser's SiLU keeps its gradient when the garbage collector runs between the forward and the backward pass.
 * DJL's {@code Activation.swishBlock(1f)} multiplies by a 0-d tensor whose Java buffer it releases at once, while
 * autograd keeps that tensor for the backward pass: the freed buffer made same-seed trainings differ and sometimes
 * diverge to NaN (with swishBlock in place of {@code DenoiserBlock.silu()} this test fails).
 */
class SiluGradientTest {

    private static final float[] X = {-3f, -1f, -0.25f, 0f, 0.5f, 2f};

    @Test
    void siluGradientSurvivesAGarbageCollectionBeforeBackward() {
        float[] gradient = gradient(DenoiserBlock.silu(), true);
        for (int i = 0; i < X.length; i++) {
            double s = 1 / (1 + Math.exp(-X[i]));
            assertEquals(s * (1 + X[i] * (1 - s)), gradient[i], 1e-6, "x = " + X[i]);
        }
    }

    @Test
    void siluIsBitIdenticalToUndisturbedSwish() {
        try (NDManager m = NDManager.newBaseManager(DMADEngine.engine().getEngineName())) {
            NDArray x = m.create(X);
            assertArrayEquals(
                    Activation.swish(x, 1f).toFloatArray(),
                    DenoiserBlock.silu()
                            .forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray());
        }
        assertArrayEquals(gradient(Activation.swishBlock(1f), false), gradient(DenoiserBlock.silu(), false));
    }

    /** d sum(f(x)) / dx, optionally with collections and reused native memory between forward and backward. */
    private static float[] gradient(Block block, boolean disturb) {
        return DMADEngine.train(0, 1, () -> {
            try (NDManager m = NDManager.newBaseManager(DMADEngine.engine().getEngineName())) {
                block.initialize(m, DataType.FLOAT32, new Shape(X.length));
                NDArray x = m.create(X);
                x.setRequiresGradient(true);
                try (GradientCollector collector = DMADEngine.engine().newGradientCollector()) {
                    NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true)
                            .singletonOrThrow();
                    if (disturb) {
                        disturb();
                    }
                    collector.backward(y.sum());
                }
                return x.getGradient().toFloatArray();
            }
        });
    }

    /** Lets the collector free unreachable direct buffers, then fills small native blocks with garbage. */
    private static void disturb() {
        List<ByteBuffer> junk = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                b.putFloat(0, 1e30f);
                junk.add(b);
            }
        }
    }
}
