package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An MLP autoencoder for tabular rows: the encoder maps d inputs through {@code hidden} to {@code latent} values, the
 * decoder mirrors it back to d; ReLU after every hidden layer, no activation on the code or the output, no dropout.
 * It is the first stage of the latent diffusion detector (after the latent diffusion models of Rombach et al.,
 * "High-Resolution Image Synthesis with Latent Diffusion Models", CVPR 2022, where a diffusion model learns the
 * distribution of an autoencoder's codes instead of the raw data).
 * <p>
 * The block is a {@link SequentialBlock} of the encoder and the decoder, so one parameter file holds both and the
 * encoder is its first child. Trained with {@link #objective()} (mean squared reconstruction error) in the shared
 * {@link TrainingLoop}.
 *
 * @param inputs the input width d.
 * @param hidden the encoder's hidden widths (the decoder uses them in reverse order).
 * @param latent the code width.
 */
public record Autoencoder(int inputs, List<Integer> hidden, int latent) implements NetworkSpec {

    /**
     * Validates and copies the architecture.
     *
     * @param inputs the input width d.
     * @param hidden the encoder's hidden widths.
     * @param latent the code width.
     */
    public Autoencoder {
        if (latent < 1) {
            throw new IllegalArgumentException("latentSize must be at least 1, got " + latent);
        }
        hidden = List.copyOf(hidden);
        // Validates inputs and hidden widths with MLPNetwork's messages.
        new MLPNetwork(inputs, hidden, latent, 0);
    }

    /**
     * The default code width for d features: half of d, rounded up, and at least 3, because the DTE detectors'
     * inverse-gamma posterior has shape latent/2 - 1, which must be positive. Half keeps a real bottleneck (so that the
     * code must summarise the correlations of the normal rows) while leaving the latent detector enough dimensions to
     * separate anomalies; for d <= 5 the code is as wide as, or wider than, half the input and compresses little.
     *
     * @param inputs d.
     * @return max(3, ceil(d / 2)).
     */
    public static int defaultLatentSize(int inputs) {
        return Math.max(3, (inputs + 1) / 2);
    }

    /** @return the encoder: d -> hidden -> latent. */
    public MLPNetwork encoder() {
        return new MLPNetwork(inputs, hidden, latent, 0);
    }

    /** @return the decoder: latent -> reversed hidden -> d. */
    public MLPNetwork decoder() {
        List<Integer> reversed = new ArrayList<>(hidden);
        Collections.reverse(reversed);
        return new MLPNetwork(latent, reversed, inputs, 0);
    }

    @Override
    public Block build() {
        return new SequentialBlock().add(encoder().build()).add(decoder().build());
    }

    @Override
    public Shape[] inputShapes(int batch) {
        return new Shape[] {new Shape(batch, inputs)};
    }

    /**
     * The training loss: mean squared error between a batch and its reconstruction. (The {@link DiffusionObjective}
     * shape is the training loop's; nothing is noised and the generator is unused.)
     *
     * @return the objective.
     */
    public static DiffusionObjective objective() {
        return (block, store, x0, random) -> {
            NDArray reconstruction = block.forward(store, new NDList(x0), true).singletonOrThrow();
            return reconstruction.sub(x0).square().mean();
        };
    }

    /**
     * The codes of a batch, shape (batch, latent), for {@link BatchScorer#scoreRows}.
     *
     * @return the function.
     */
    public static BatchScorer.ScoreFunction encode() {
        return (block, store, x) ->
                encoderOf(block).forward(store, new NDList(x), false).singletonOrThrow();
    }

    /**
     * The reconstruction error of each row of a batch: the mean over features of the squared difference.
     *
     * @return the function.
     */
    public static BatchScorer.ScoreFunction reconstructionError() {
        return (block, store, x) -> block.forward(store, new NDList(x), false)
                .singletonOrThrow()
                .sub(x)
                .square()
                .mean(new int[] {1});
    }

    private static Block encoderOf(Block block) {
        return block.getChildren().get(0).getValue();
    }

    /**
     * The architecture for messages.
     *
     * @return e.g. "Autoencoder(8 -> [64, 32] -> 4)".
     */
    @Override
    public String toString() {
        return "Autoencoder(" + inputs + " -> " + hidden + " -> " + latent + ")";
    }
}
