package org.dmad.engine;

import java.util.Locale;

/**
 * Which implementation performs the Adam update of a training. Both run the same algorithm (Adam with the L2 weight
 * decay added to the gradient, betas 0.9 and 0.999, epsilon 1e-8) and differ in float rounding and in where
 * epsilon enters, so a training's numbers depend on the choice: it is part of a trainer's configuration and
 * provenance.
 */
@EngineApi
public enum AdamKernel {

    /**
     * PyTorch's fused Adam kernel ({@code torch._fused_adam_}, what {@code torch.optim.Adam(fused=True)} runs): one
     * native call updates every parameter tensor of the network in a single pass per tensor. Its arithmetic is
     * {@code torch.optim.Adam}'s, the optimiser of the reference implementations:
     * {@code w -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)}. The default.
     */
    FUSED,

    /**
     * DJL's Adam ({@code ai.djl.training.optimizer.Adam}): one native call per parameter tensor, each about a dozen
     * unfused passes. Epsilon is added after the bias correction is folded into the learning rate,
     * {@code w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)}, so its effective epsilon is
     * {@code eps / sqrt(1 - beta2^t)}. Run records written without an {@code adamKernel} setting were trained with it,
     * and `dmad reproduce` rebuilds them with it (docs/BENCHMARKS.md).
     */
    DJL;

    /**
     * The setting's name as configurations spell it.
     *
     * @return {@code fused} or {@code djl}.
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a setting.
     *
     * @param value {@code fused} or {@code djl}, any case.
     * @return the kernel.
     * @throws IllegalArgumentException naming the accepted values when the value is unknown.
     */
    public static AdamKernel parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (AdamKernel k : values()) {
            if (k.configName().equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("adamKernel must be fused or djl, got '" + value + "'");
    }
}
