package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

class FusedAdamTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(400, 1e-4, 1e-2);
    /**
     * SHA-256 of the parameters of {@link #smallTraining} as the training loop produced them with DJL's Adam before
     * the fused kernel existed (commit 4058442, printed there by TrainingLoopBudgetTest, which trains the same):
     * {@code adamKernel=djl} must keep reproducing earlier trainings and their run records.
     */
    private static final String DJL_DIGEST_BEFORE_FUSED =
            "9377496875ba810adfa61a7845dec87f8c26b3c2f0ea2229095da40b2c695787";

    @Test
    void threeStepsFollowTorchAdamWithL2WeightDecay() {
        double lr = 0.1;
        double wd = 0.01;
        float[] w1Start = {0.5f, -1.5f, 2f, 0f, 3f, -0.25f};
        float[] c1 = {1f, -2f, 0.5f, 0.25f, -0.125f, 4f};
        float[] w2Start = {1f, -2f};
        DMADEngine.train(0, 1, () -> {
            try (NDManager m = NDManager.newBaseManager(DMADEngine.engine().getEngineName())) {
                NDArray w1 = m.create(w1Start, new Shape(2, 3));
                NDArray w2 = m.create(w2Start);
                w1.setRequiresGradient(true);
                w2.setRequiresGradient(true);
                NDArray c = m.create(c1, new Shape(2, 3));
                double[] e1 = toDouble(w1Start);
                double[] e2 = toDouble(w2Start);
                double[][] moments = new double[4][];
                moments[0] = new double[6];
                moments[1] = new double[6];
                moments[2] = new double[2];
                moments[3] = new double[2];
                try (FusedAdam adam = new FusedAdam(m, List.of(w1, w2), lr, wd)) {
                    for (int t = 1; t <= 3; t++) {
                        // loss = sum(c * w1) + sum(w2^2): gradients c and 2 w2.
                        try (GradientCollector collector = DMADEngine.engine().newGradientCollector()) {
                            collector.backward(c.mul(w1).sum().add(w2.mul(w2).sum()));
                        }
                        double[] g2 = new double[2];
                        for (int i = 0; i < 2; i++) {
                            g2[i] = 2 * e2[i];
                        }
                        torchAdam(e1, toDouble(c1), moments[0], moments[1], t, lr, wd);
                        torchAdam(e2, g2, moments[2], moments[3], t, lr, wd);
                        adam.step();
                        assertArrayEquals(e1, toDouble(w1.toFloatArray()), 1e-5, "w1 after step " + t);
                        assertArrayEquals(e2, toDouble(w2.toFloatArray()), 1e-5, "w2 after step " + t);
                        // Gradients accumulate in PyTorch unless zeroed: the step zeroes them.
                        assertArrayEquals(new float[6], w1.getGradient().toFloatArray());
                        assertArrayEquals(new float[2], w2.getGradient().toFloatArray());
                    }
                }
            }
            return null;
        });
    }

    @Test
    void djlKernelTrainsExactlyAsBeforeAndFusedIsReproducible() throws Exception {
        String djl = smallTraining(AdamKernel.DJL);
        assertEquals(DJL_DIGEST_BEFORE_FUSED, djl);
        String fused = smallTraining(AdamKernel.FUSED);
        assertEquals(fused, smallTraining(AdamKernel.FUSED));
        // Same algorithm, different rounding and epsilon placement: not the same bits.
        assertNotEquals(djl, fused);
    }

    @Test
    void unknownKernelIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdamKernel.parse("sgd"));
        assertEquals("adamKernel must be fused or djl, got 'sgd'", e.getMessage());
        assertEquals(AdamKernel.FUSED, AdamKernel.parse(" Fused "));
        assertEquals(AdamKernel.FUSED, new TrainingSettings(1, 64, 1e-4, 5e-4, 0, 1, "cpu").adam());
    }

    private static String smallTraining(AdamKernel kernel) throws Exception {
        PlantedData data = PlantedData.generate(300, 0, 8, 0, 3);
        Matrix x = Standardizer.fit(data.values, 8).apply(data.values, 8);
        TrainingLoop.Result r = TrainingLoop.train(
                DTECategorical.network(8, List.of(64, 64), 7, 0.5),
                x,
                new TrainingSettings(2, 64, 1e-4, 5e-4, 7, 1, "cpu").withAdam(kernel),
                DTECategorical.objective(SCHEDULE, 7, true),
                TrainingMonitor.NONE);
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(r.network().parameters()));
        } finally {
            r.network().close();
        }
    }

    /** torch.optim.Adam (weight_decay as L2, amsgrad off), in double precision, one step of one tensor. */
    private static void torchAdam(double[] w, double[] grad, double[] m, double[] v, int t, double lr, double wd) {
        double b1 = FusedAdam.BETA1;
        double b2 = FusedAdam.BETA2;
        double stepSize = lr / (1 - Math.pow(b1, t));
        double correction2 = Math.sqrt(1 - Math.pow(b2, t));
        for (int i = 0; i < w.length; i++) {
            double g = grad[i] + wd * w[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            w[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / correction2 + FusedAdam.EPSILON);
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
