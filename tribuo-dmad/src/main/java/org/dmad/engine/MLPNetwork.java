package org.dmad.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.UniformInitializer;
import java.util.List;

/**
 * The architecture of a plain MLP: {@code inputs -> hidden[0] -> ... -> hidden[k-1] -> outputs}, ReLU after every
 * hidden layer and dropout after the activation of every hidden layer but the first (the DTE network of Livernoche
 * et al., ICLR 2024, with hidden sizes 256, 512, 256 and p = 0.5). An immutable value that rebuilds the same DJL block
 * whenever needed, so that a model can carry its architecture and parameter bytes instead of native state.
 *
 * @param inputs  the input width d.
 * @param hidden  the hidden layer widths.
 * @param outputs the output width.
 * @param dropout the dropout probability (0 for none).
 */
public record MLPNetwork(int inputs, List<Integer> hidden, int outputs, double dropout) implements NetworkSpec {

    /**
     * Validates and copies the architecture.
     *
     * @param inputs  the input width d.
     * @param hidden  the hidden layer widths.
     * @param outputs the output width.
     * @param dropout the dropout probability.
     */
    public MLPNetwork {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException(
                    "An MLP needs at least one input and one output, got " + inputs + " -> " + outputs);
        }
        hidden = List.copyOf(hidden);
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hiddenSizes must be positive, got " + hidden);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    @Override
    public Shape[] inputShapes(int batch) {
        return new Shape[] {new Shape(batch, inputs)};
    }

    /**
     * Builds a new, uninitialised block. Each linear layer's weights and biases are initialised from
     * U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default for {@code nn.Linear}, so that training starts where
     * the reference implementation's does.
     *
     * @return the block.
     */
    @Override
    public Block build() {
        SequentialBlock block = new SequentialBlock();
        int fanIn = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            block.add(linear(fanIn, hidden.get(i)));
            block.add(Activation.reluBlock());
            if (i > 0 && dropout > 0) {
                block.add(Dropout.builder().optRate((float) dropout).build());
            }
            fanIn = hidden.get(i);
        }
        block.add(linear(fanIn, outputs));
        return block;
    }

    /**
     * A linear layer initialised as PyTorch's {@code nn.Linear}.
     *
     * @param fanIn the input width.
     * @param units the output width.
     * @return the layer.
     */
    static Linear linear(int fanIn, int units) {
        Linear layer = Linear.builder().setUnits(units).build();
        UniformInitializer init = new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
        layer.setInitializer(init, Parameter.Type.WEIGHT);
        layer.setInitializer(init, Parameter.Type.BIAS);
        return layer;
    }
}
