package org.dmad.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * The architecture of the tabular noise-prediction network eps_theta(x_t, t) of the DDPM detector: the ResNet for
 * tabular data of Gorishniy et al. ("Revisiting Deep Learning Models for Tabular Data", 2021) with a sinusoidal time
 * embedding, as used for tabular diffusion by Kotelnikov et al. (TabDDPM, 2023) and for anomaly detection by
 * Livernoche et al. ("On Diffusion Modeling for Anomaly Detection", ICLR 2024). See {@link DenoiserBlock} for the
 * layers. The paper's sizes are {@link #paper(int)}: width 128, residual hidden width 256, embedding 256, three
 * residual blocks, dropout 0.4 and 0.1.
 *
 * @param inputs         the input (and output) width d.
 * @param width          the width of the residual stream (128 in the paper).
 * @param hiddenSize     the inner width of each residual block (256).
 * @param embeddingSize  the width of the sinusoidal time embedding and its MLP (256); even.
 * @param residualBlocks the number of residual blocks (3).
 * @param dropoutFirst   dropout after the activation inside each residual block (0.4).
 * @param dropoutSecond  dropout before each residual addition (0.1).
 */
public record DenoiserNetwork(
        int inputs,
        int width,
        int hiddenSize,
        int embeddingSize,
        int residualBlocks,
        double dropoutFirst,
        double dropoutSecond)
        implements NetworkSpec {

    private static final long serialVersionUID = 1L;

    /**
     * Validates the architecture.
     *
     * @param inputs         d.
     * @param width          the residual stream width.
     * @param hiddenSize     the residual blocks' inner width.
     * @param embeddingSize  the time embedding width (even).
     * @param residualBlocks the number of residual blocks.
     * @param dropoutFirst   the first dropout probability.
     * @param dropoutSecond  the second dropout probability.
     */
    public DenoiserNetwork {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs must be at least 1, got " + inputs);
        }
        if (width < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(
                    "width and hiddenSize must be positive, got " + width + " and " + hiddenSize);
        }
        if (embeddingSize < 2 || embeddingSize % 2 != 0) {
            throw new IllegalArgumentException("embeddingSize must be even and at least 2, got " + embeddingSize);
        }
        if (residualBlocks < 0) {
            throw new IllegalArgumentException("residualBlocks must be non-negative, got " + residualBlocks);
        }
        if (!(dropoutFirst >= 0 && dropoutFirst < 1) || !(dropoutSecond >= 0 && dropoutSecond < 1)) {
            throw new IllegalArgumentException(
                    "dropout must be in [0, 1), got " + dropoutFirst + " and " + dropoutSecond);
        }
    }

    /**
     * The paper's denoiser for d features.
     *
     * @param inputs d.
     * @return the architecture.
     */
    public static DenoiserNetwork paper(int inputs) {
        return new DenoiserNetwork(inputs, 128, 256, 256, 3, 0.4, 0.1);
    }

    /**
     * Builds a new, uninitialised {@link DenoiserBlock}.
     *
     * @return the block.
     */
    @Override
    public Block build() {
        return new DenoiserBlock(this);
    }

    /**
     * Two inputs: the rows (batch, d) and their timesteps (batch), as floats.
     *
     * @param batch the batch size.
     * @return the shapes.
     */
    @Override
    public Shape[] inputShapes(int batch) {
        return new Shape[] {new Shape(batch, inputs), new Shape(batch)};
    }
}
