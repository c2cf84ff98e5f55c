package org.dmad.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Grouped training: G independent networks of one {@link MLPNetwork} architecture trained as one batched network, so
 * that the small networks of a benchmark grid (the seeds of one dataset, or several datasets) share each optimiser
 * step's native calls instead of paying them G times.
 * <p>
 * Member g has its own training rows, its own seeded generator for shuffling and timesteps ({@code new
 * Random(seed_g)}, as {@link TrainingLoop} uses), its own initial weights, noise and dropout masks (drawn for all
 * members at once from the engine's generator, which the group's first seed seeds), and its own Adam moments: the
 * parameters are stacked ({@code [G, in, out]} weights, {@code [G, 1, out]} biases), every layer is a batched matrix
 * product, the loss is the sum of the members' mean losses (so each member's gradient is that of its own loss), and
 * Adam, weight decay included, is elementwise, so the fused kernel over the stacked tensors updates each member as
 * its own optimiser would. Each member comes out as an ordinary network (its slice of the stacked parameters in the
 * plain architecture's parameter bytes), so models and scoring do not know about groups.
 * <p>
 * Members may come from different datasets. <b>Widths</b>: member g's network has its own input width d_g; the
 * stacked first layer is {@code [G, d_max, out]}, member g's rows are zero-padded to d_max, and the network
 * multiplies every input by a per-member column mask before the first layer ({@link Network#forward}), so nothing
 * the objective adds to a padded column (noise) reaches a member. Member g's first-layer rows beyond d_g start at zero
 * and stay exactly zero: their gradient is (masked input)^T times the layer's error, and the masked input is zero in
 * those columns; the L2 weight decay adds {@code weightDecay * w}, zero for a zero weight; so Adam's moments of those
 * weights stay zero and so does their update. Weight decay only ever pulls a weight towards zero, and a padded weight
 * multiplies an input that the mask keeps at zero, so no setting can move a padded weight into a member's output,
 * loss or written-out network, which keeps only its first d_g rows. Each member's weights are drawn
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with its own fan-in. <b>Batches per epoch</b>: each member runs its own step
 * sequence, that of its plain training (its epochs of its own number of batches, its own {@link
 * TrainingSettings#epochLimit}), starting with the group; a member whose steps are done is written out and leaves the
 * stack (its parameters and Adam moments gathered away from the others'), so every member still training has taken
 * exactly the group's steps so far and Adam's step count, and with it the bias correction, is each member's own. A
 * member never sits out a step while it is in the stack: it either steps or has left, and after leaving nothing of it
 * changes.
 * <p>
 * A group of one runs the plain network's operators (2-D linear layers, the same random draws in the same order) and
 * so trains bit for bit as {@link TrainingLoop} does. A group whose members share the width and the number of steps
 * runs exactly as it did before groups could mix datasets (one initial draw per stacked tensor, no mask, nobody
 * leaving early). Members must share the training settings but the seed and the architecture but the input width;
 * their row counts may differ: shorter members' batches are padded, and padded rows count in no loss.
 */
public final class GroupedTraining {

    private GroupedTraining() {}

    /**
     * The most steps a grouped training draws ahead and uploads at once: two uploads per this many steps instead of
     * two per step (a few KB each; what they cost is the wait for the device, not the bytes).
     */
    static final int STAGED_STEPS = 64;

    /**
     * The loss of one grouped step, in two parts: what each member draws on the host from its own generator (its
     * timesteps, as its plain training draws them), and the loss on the device from those values. Separating them lets
     * a grouped training draw many steps ahead and upload them at once ({@link #STAGED_STEPS}): on a GPU every upload
     * from the host waits for the device to finish its queued work, so one upload per step would stall it every step.
     */
    public interface Objective extends StepDraws {
        /**
         * Computes the members' losses of one batch in training mode.
         *
         * @param network the grouped network.
         * @param x0      the batch: {@code (batch, d)} for a group of one ({@link Network#plain()}), else {@code (A,
         *                batch, d_max)} for the A members in the stack, where member a's rows are its first {@code
         *                rows[a]} (the others pad a shorter batch and must not count) and its columns beyond its
         *                width are zero (whatever the objective adds there, the network masks).
         * @param drawn   what {@link #draw} wrote for the step on the training device, {@code (batch, drawnPerRow)}
         *                for a group of one, else {@code (A, batch, drawnPerRow)}; zero on padding rows.
         * @param rows    each stacked member's real rows in this batch, at least 1.
         * @return a scalar loss for a group of one, else the A members' losses (each the mean over its own rows),
         * shape {@code (A)}.
         */
        NDArray losses(Network network, NDArray x0, NDArray drawn, int[] rows);

        /**
         * {@link #losses(Network, NDArray, NDArray, int[])} with the step's values drawn here and uploaded on their own
         * (one step outside a training).
         *
         * @param network the grouped network.
         * @param x0      the batch.
         * @param random  each stacked member's seeded generator; member a draws for its own rows only.
         * @param rows    each stacked member's real rows in this batch, at least 1.
         * @return the losses.
         */
        default NDArray losses(Network network, NDArray x0, List<Random> random, int[] rows) {
            int batch = (int) x0.getShape().get(network.plain() ? 0 : 1);
            int k = drawnPerRow();
            float[] values = new float[random.size() * batch * k];
            for (int a = 0; a < random.size(); a++) {
                draw(random.get(a), rows[a], values, a * batch * k);
            }
            Shape shape = network.plain() ? new Shape(batch, k) : new Shape(random.size(), batch, k);
            return losses(network, x0, x0.getManager().create(values, shape), rows);
        }
    }

    /**
     * Sees the stack after every grouped step, before finished members leave it (tests: what a member's parameters
     * and Adam step count are after its own last step).
     */
    @FunctionalInterface
    interface StepObserver {
        /**
         * @param step      the group's step just taken, from 0.
         * @param active    the members in the stack during that step, by stack index.
         * @param network   the stack.
         * @param optimizer its optimiser.
         */
        void afterStep(int step, int[] active, Network network, FusedAdam optimizer);
    }

    /**
     * The stacked parameters of A MLPs of one architecture (their input widths may differ), and their batched forward
     * pass.
     */
    public static final class Network {
        private final MLPNetwork spec;
        private final int[] widths;
        private final boolean plain;
        /** {@code [A, 1, d_max]}: 1 in a member's own columns, 0 in its padding; null when no member is padded. */
        private final NDArray inputMask;

        private final List<NDArray> weights;
        private final List<NDArray> biases;

        /**
         * Initialises the members' parameters as {@link MLPNetwork#build()} does, U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
         * drawing, for a group of one, exactly the plain block's tensors in its order (each layer's weight, then its
         * bias).
         */
        Network(MLPNetwork spec, int members, NDManager manager) {
            this(Collections.nCopies(members, spec), manager);
        }

        /**
         * Initialises the members' parameters, each from U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with its own fan-in. Every
         * stacked tensor is one draw for all members, except, when the widths differ, the first layer's weight and
         * bias: one draw per member of its own {@code [d_g, out]} and {@code [1, out]} (at its own scale), its weight
         * rows beyond d_g zero.
         *
         * @param specs   each member's network: the same but for the input width.
         * @param manager the manager the parameters belong to.
         */
        Network(List<MLPNetwork> specs, NDManager manager) {
            int members = specs.size();
            this.widths = new int[members];
            int widest = 0;
            for (int g = 0; g < members; g++) {
                widths[g] = specs.get(g).inputs();
                widest = Math.max(widest, widths[g]);
            }
            MLPNetwork first = specs.get(0);
            this.spec = new MLPNetwork(widest, first.hidden(), first.outputs(), first.dropout());
            this.plain = members == 1;
            boolean padded = false;
            for (int w : widths) {
                padded |= w != widest;
            }
            this.weights = new ArrayList<>();
            this.biases = new ArrayList<>();
            int[] sizes = sizes(spec);
            for (int l = 0; l + 1 < sizes.length; l++) {
                int fanIn = sizes[l];
                int units = sizes[l + 1];
                NDArray weight;
                NDArray bias;
                if (l == 0 && padded) {
                    weight = paddedFirstWeights(manager, units);
                    bias = firstBiases(manager, units);
                } else {
                    float scale = (float) (1.0 / Math.sqrt(fanIn));
                    Shape w = plain ? new Shape(units, fanIn) : new Shape(members, fanIn, units);
                    Shape b = plain ? new Shape(units) : new Shape(members, 1, units);
                    weight = manager.randomUniform(-scale, scale, w, DataType.FLOAT32, manager.getDevice());
                    bias = manager.randomUniform(-scale, scale, b, DataType.FLOAT32, manager.getDevice());
                }
                weight.setRequiresGradient(true);
                bias.setRequiresGradient(true);
                weights.add(weight);
                biases.add(bias);
            }
            this.inputMask = padded ? mask(manager, widths, spec.inputs()) : null;
        }

        private Network(MLPNetwork spec, int[] widths, NDArray inputMask, List<NDArray> weights, List<NDArray> biases) {
            this.spec = spec;
            this.widths = widths;
            this.plain = false;
            this.inputMask = inputMask;
            this.weights = weights;
            this.biases = biases;
        }

        /** Member g's {@code [d_max, units]} first-layer weights: its own draw, then zero rows; stacked. */
        private NDArray paddedFirstWeights(NDManager manager, int units) {
            NDList slices = new NDList(widths.length);
            for (int width : widths) {
                float scale = (float) (1.0 / Math.sqrt(width));
                NDArray own = manager.randomUniform(
                        -scale, scale, new Shape(width, units), DataType.FLOAT32, manager.getDevice());
                if (width < spec.inputs()) {
                    try (NDArray zeros = manager.zeros(
                            new Shape(spec.inputs() - width, units), DataType.FLOAT32, manager.getDevice())) {
                        NDArray full = own.concat(zeros, 0);
                        own.close();
                        own = full;
                    }
                }
                slices.add(own);
            }
            NDArray stacked = NDArrays.stack(slices);
            slices.close();
            return stacked;
        }

        /** Member g's first-layer bias {@code [1, units]} at its own scale; stacked. */
        private NDArray firstBiases(NDManager manager, int units) {
            NDList slices = new NDList(widths.length);
            for (int width : widths) {
                float scale = (float) (1.0 / Math.sqrt(width));
                slices.add(manager.randomUniform(
                        -scale, scale, new Shape(1, units), DataType.FLOAT32, manager.getDevice()));
            }
            NDArray stacked = NDArrays.stack(slices);
            slices.close();
            return stacked;
        }

        private static NDArray mask(NDManager manager, int[] widths, int widest) {
            float[] mask = new float[widths.length * widest];
            for (int g = 0; g < widths.length; g++) {
                Arrays.fill(mask, g * widest, g * widest + widths[g], 1f);
            }
            return manager.create(mask, new Shape(widths.length, 1, widest));
        }

        private static int[] sizes(MLPNetwork spec) {
            int[] sizes = new int[spec.hidden().size() + 2];
            sizes[0] = spec.inputs();
            for (int i = 0; i < spec.hidden().size(); i++) {
                sizes[i + 1] = spec.hidden().get(i);
            }
            sizes[sizes.length - 1] = spec.outputs();
            return sizes;
        }

        /** @return A, the members in the stack. */
        public int members() {
            return widths.length;
        }

        /**
         * Whether this is a group of one, which runs the plain network's 2-D operators; a stack that members left
         * until one remained is not.
         *
         * @return true for a group of one.
         */
        public boolean plain() {
            return plain;
        }

        /**
         * The forward pass of every member: ReLU after each hidden layer, dropout after each hidden activation but
         * the first, as {@link MLPNetwork}; a member's input columns beyond its width are masked to zero.
         *
         * @param x        {@code (batch, in)} for a group of one, else {@code (A, batch, d_max)}.
         * @param training true to apply dropout.
         * @return {@code (batch, out)} for a group of one, else {@code (A, batch, out)}.
         */
        public NDArray forward(NDArray x, boolean training) {
            NDArray h = inputMask == null ? x : x.mul(inputMask);
            int layers = weights.size();
            for (int l = 0; l < layers; l++) {
                h = plain
                        ? h.getNDArrayInternal()
                                .linear(h, weights.get(l), biases.get(l))
                                .singletonOrThrow()
                        : h.matMul(weights.get(l)).add(biases.get(l));
                if (l + 1 < layers) {
                    h = Activation.relu(h);
                    if (l > 0 && spec.dropout() > 0) {
                        h = h.getNDArrayInternal()
                                .dropout(h, (float) spec.dropout(), training)
                                .singletonOrThrow();
                    }
                }
            }
            return h;
        }

        /** @return the trainable arrays in the plain block's order: each layer's weight, then its bias. */
        List<NDArray> parameters() {
            List<NDArray> out = new ArrayList<>();
            for (int l = 0; l < weights.size(); l++) {
                out.add(weights.get(l));
                out.add(biases.get(l));
            }
            return out;
        }

        /**
         * A stacked member's own architecture.
         *
         * @param member the member's stack index.
         * @return its network, of its own input width.
         */
        MLPNetwork memberSpec(int member) {
            return new MLPNetwork(widths[member], spec.hidden(), spec.outputs(), spec.dropout());
        }

        /**
         * The stack of some of the members (a gather along the member axis), trainable again; this one's arrays are
         * left to the caller to close ({@link #close()}).
         *
         * @param keep    the stack indices to keep, in order.
         * @param manager the manager the new stack belongs to.
         * @return the new stack.
         */
        Network keep(int[] keep, NDManager manager) {
            int[] kept = new int[keep.length];
            for (int k = 0; k < keep.length; k++) {
                kept[k] = widths[keep[k]];
            }
            List<NDArray> w = new ArrayList<>(weights.size());
            List<NDArray> b = new ArrayList<>(biases.size());
            for (int l = 0; l < weights.size(); l++) {
                NDArray wl = alongMembers(weights.get(l), keep, manager);
                NDArray bl = alongMembers(biases.get(l), keep, manager);
                wl.setRequiresGradient(true);
                bl.setRequiresGradient(true);
                w.add(wl);
                b.add(bl);
            }
            NDArray mask = inputMask == null ? null : alongMembers(inputMask, keep, manager);
            return new Network(spec, kept, mask, w, b);
        }

        /** Frees the stacked arrays. */
        void close() {
            for (NDArray a : parameters()) {
                a.close();
            }
            if (inputMask != null) {
                inputMask.close();
            }
        }

        /**
         * One member's parameters as the plain architecture's parameter bytes ({@link NetworkHandle#parameterBytes}),
         * of its own input width: its first-layer rows beyond it are left out.
         *
         * @param member the member's stack index.
         * @param batch  its training batch size (the plain block records the input shape it was initialised with).
         * @return the bytes.
         */
        byte[] memberBytes(int member, int batch) {
            MLPNetwork own = memberSpec(member);
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                Block block = own.build();
                block.initialize(m, DataType.FLOAT32, own.inputShapes(batch));
                List<Parameter> params = new ArrayList<>();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    params.add(p.getValue());
                }
                List<NDArray> mine = parameters();
                for (int i = 0; i < params.size(); i++) {
                    float[] values;
                    NDArray stacked = mine.get(i);
                    if (plain) {
                        values = stacked.toFloatArray();
                    } else {
                        // Weights [A, in, out] -> the plain layer's [out, in] (the first layer's own rows only);
                        // biases [A, 1, out] -> [out]. reshape copies a transposed view into row-major order.
                        NDArray slice = stacked.get(member);
                        if (i == 0 && widths[member] < spec.inputs()) {
                            NDArray rows = slice.get(new NDIndex().addSliceDim(0, widths[member]));
                            slice.close();
                            slice = rows;
                        }
                        NDArray plainSlice = i % 2 == 0 ? slice.transpose() : slice;
                        try (NDArray flat = plainSlice.reshape(-1).toDevice(Device.cpu(), false)) {
                            values = flat.toFloatArray();
                        } finally {
                            if (plainSlice != slice) {
                                plainSlice.close();
                            }
                            slice.close();
                        }
                    }
                    NDArray target = params.get(i).getArray();
                    if (target.size() != values.length) {
                        throw new IllegalStateException("Parameter " + i + " of member " + member + " has "
                                + values.length + " values, the plain network " + target.size());
                    }
                    target.set(values);
                }
                return NetworkHandle.parameterBytes(block);
            }
        }
    }

    /** The slices {@code keep} of a stacked array along its member axis (one gather), in {@code manager}. */
    private static NDArray alongMembers(NDArray stacked, int[] keep, NDManager manager) {
        try (NDArray index = manager.create(keep)) {
            NDArray kept = stacked.get(index);
            kept.attach(manager);
            return kept;
        }
    }

    /**
     * Trains a group of networks of one architecture together under the JVM-wide training lock; the engine's
     * generator is seeded with the first member's seed.
     *
     * @param spec      the architecture, shared by every member.
     * @param data      each member's standardised training rows, {@code spec.inputs()} columns.
     * @param settings  each member's settings, equal but for the seed.
     * @param objective the grouped loss.
     * @return one result per member, in order, each as {@link TrainingLoop#train} returns it.
     * @throws IllegalArgumentException when the members do not fit one group (the message names the difference).
     * @throws IllegalStateException    when a member's loss becomes NaN or infinite.
     * @throws TrainingInterruptedException when the thread is interrupted; checked before every step.
     */
    public static List<TrainingLoop.Result> train(
            MLPNetwork spec, List<Matrix> data, List<TrainingSettings> settings, Objective objective) {
        return train(Collections.nCopies(data.size(), spec), data, settings, objective);
    }

    /**
     * Trains a group of networks that differ at most in their input width together (members from several datasets:
     * each its own width and number of batches per epoch), under the JVM-wide training lock; the engine's generator
     * is seeded with the first member's seed.
     *
     * @param specs     each member's architecture, the same but for the input width.
     * @param data      each member's standardised training rows, as many columns as its network has inputs.
     * @param settings  each member's settings, equal but for the seed.
     * @param objective the grouped loss.
     * @return one result per member, in order, each as {@link TrainingLoop#train} returns it.
     * @throws IllegalArgumentException when the members do not fit one group (the message names the difference).
     * @throws IllegalStateException    when a member's loss becomes NaN or infinite.
     * @throws TrainingInterruptedException when the thread is interrupted; checked before every step.
     */
    public static List<TrainingLoop.Result> train(
            List<MLPNetwork> specs, List<Matrix> data, List<TrainingSettings> settings, Objective objective) {
        return train(specs, data, settings, objective, null, STAGED_STEPS);
    }

    /**
     * {@link #train(List, List, List, Objective)} with an observer of every step (or null) and a number of steps drawn
     * ahead ({@link #STAGED_STEPS} in training; tests vary it: the results do not depend on it).
     */
    static List<TrainingLoop.Result> train(
            List<MLPNetwork> specs,
            List<Matrix> data,
            List<TrainingSettings> settings,
            Objective objective,
            StepObserver observer,
            int stagedSteps) {
        if (stagedSteps < 1) {
            throw new IllegalArgumentException("stagedSteps must be positive, got " + stagedSteps);
        }
        check(specs, data, settings);
        TrainingSettings first = settings.get(0);
        Device device = DMADEngine.device(first.device());
        return DMADEngine.train(
                first.seed(),
                first.threads(),
                device,
                () -> new Run(specs, data, settings, objective, observer, stagedSteps).run(device));
    }

    /**
     * Checks that members can train as one group on one architecture.
     *
     * @param spec     the architecture.
     * @param data     each member's rows.
     * @param settings each member's settings.
     * @throws IllegalArgumentException naming the first difference.
     */
    static void check(MLPNetwork spec, List<Matrix> data, List<TrainingSettings> settings) {
        check(Collections.nCopies(data.size(), spec), data, settings);
    }

    /**
     * Checks that members can train as one group: networks the same but for the input width, each member's rows as
     * wide as its network's input, settings the same but for the seed. Row counts, and so batches per epoch, may
     * differ.
     *
     * @param specs    each member's architecture.
     * @param data     each member's rows.
     * @param settings each member's settings.
     * @throws IllegalArgumentException naming the first difference.
     */
    static void check(List<MLPNetwork> specs, List<Matrix> data, List<TrainingSettings> settings) {
        TrainingSettings first = firstOfGroup(data, settings);
        if (specs.size() != data.size()) {
            throw new IllegalArgumentException(
                    "A group needs one network per member, got " + specs.size() + " for " + data.size() + " members");
        }
        MLPNetwork spec0 = specs.get(0);
        for (int g = 0; g < data.size(); g++) {
            MLPNetwork spec = specs.get(g);
            if (!spec.hidden().equals(spec0.hidden())
                    || spec.outputs() != spec0.outputs()
                    || spec.dropout() != spec0.dropout()) {
                throw new IllegalArgumentException("Members of a group share the network but its input width: member "
                        + g + " has " + spec + ", member 0 " + spec0);
            }
            Matrix m = data.get(g);
            if (m.rows() < 1) {
                throw new IllegalArgumentException("Member " + g + " of the group has no training rows");
            }
            if (m.columns() != spec.inputs()) {
                throw new IllegalArgumentException(
                        "Member " + g + " has " + m.columns() + " columns, its network " + spec.inputs() + " inputs");
            }
            sameButSeed(g, settings.get(g), first);
        }
    }

    /**
     * The optimiser steps per epoch of a training on a number of rows, as {@link TrainingLoop} runs it (the last
     * partial batch kept; a set smaller than one batch trains in one batch).
     *
     * @param rows      the training rows, at least 1.
     * @param batchSize the batch size setting.
     * @return ceil(rows / min(batchSize, rows)).
     */
    public static int batches(int rows, int batchSize) {
        int batch = Math.min(batchSize, rows);
        return (rows + batch - 1) / batch;
    }

    /** One grouped training: the members' step sequences, the stack, and members leaving it when done. */
    private static final class Run {
        private final List<MLPNetwork> specs;
        private final List<Matrix> data;
        private final List<TrainingSettings> settings;
        private final Objective objective;
        private final StepObserver observer;
        private final int stagedSteps;
        private final int members;
        /** Per member: rows, batch, batches per epoch, epochs, steps in all, first row in the packed rows. */
        private final int[] n;

        private final int[] batch;
        private final int[] batches;
        private final int[] epochs;
        private final int[] steps;
        private final int[] offset;

        Run(
                List<MLPNetwork> specs,
                List<Matrix> data,
                List<TrainingSettings> settings,
                Objective objective,
                StepObserver observer,
                int stagedSteps) {
            this.specs = specs;
            this.data = data;
            this.settings = settings;
            this.objective = objective;
            this.observer = observer;
            this.stagedSteps = stagedSteps;
            this.members = data.size();
            TrainingSettings first = settings.get(0);
            n = new int[members];
            batch = new int[members];
            batches = new int[members];
            epochs = new int[members];
            steps = new int[members];
            offset = new int[members];
            for (int g = 0; g < members; g++) {
                n[g] = data.get(g).rows();
                batch[g] = Math.min(first.batchSize(), n[g]);
                batches[g] = batches(n[g], first.batchSize());
                epochs[g] = first.epochLimit(batches[g]);
                steps[g] = Math.multiplyExact(batches[g], epochs[g]);
                offset[g] = g == 0 ? 0 : offset[g - 1] + n[g - 1];
            }
        }

        List<TrainingLoop.Result> run(Device device) {
            Engine engine = DMADEngine.engine();
            TrainingSettings first = settings.get(0);
            int widest = 0;
            for (MLPNetwork s : specs) {
                widest = Math.max(widest, s.inputs());
            }
            List<Random> randoms = new ArrayList<>(members);
            for (TrainingSettings s : settings) {
                randoms.add(new Random(s.seed()));
            }
            // The group's progress follows the member with the most steps (the first of them).
            int longest = 0;
            for (int g = 1; g < members; g++) {
                if (steps[g] > steps[longest]) {
                    longest = g;
                }
            }
            try (NDManager manager = NDManager.newBaseManager(device, engine.getEngineName())) {
                NDArray x = manager.create(packedRows(widest), new Shape(offset[members - 1] + n[members - 1], widest));
                int[][] orders = new int[members][];
                for (int g = 0; g < members; g++) {
                    orders[g] = new int[n[g]];
                    for (int i = 0; i < n[g]; i++) {
                        orders[g][i] = i;
                    }
                }
                double[] meanLoss = new double[members];
                Arrays.fill(meanLoss, Double.NaN);
                double[] epochSum = new double[members];
                int[] epochsRun = new int[members];
                byte[][] bytes = new byte[members][];
                // The members in the stack, by member index; a stack index is a position in this array.
                int[] active = new int[members];
                for (int g = 0; g < members; g++) {
                    active[g] = g;
                }
                // Step losses stay on the device until some member ends an epoch (for members of one size, once per
                // epoch): one device-to-host copy then.
                NDManager lossManager = manager.newSubManager();
                NDList pending = new NDList();
                List<int[]> pendingActive = new ArrayList<>();
                Stack stack = new Stack(new Network(specs, manager), manager, first);
                Staged staged = null;
                try {
                    for (int k = 0; active.length > 0; k++) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new TrainingInterruptedException(epochsRun[longest]);
                        }
                        if (staged == null || !staged.holds(k)) {
                            if (staged != null) {
                                staged.close();
                            }
                            staged = stage(manager, active, k, orders, randoms);
                        }
                        NDArray loss = step(engine, manager, stack, x, staged, k);
                        loss.attach(lossManager);
                        pending.add(loss);
                        pendingActive.add(active);
                        if (observer != null) {
                            observer.afterStep(k, active, stack.network, stack.optimizer);
                        }
                        boolean epochEnd = false;
                        for (int g : active) {
                            epochEnd |= (k + 1) % batches[g] == 0;
                        }
                        if (!epochEnd) {
                            continue;
                        }
                        NDArray window = pending.size() == 1 ? pending.get(0) : NDArrays.concat(pending);
                        float[] losses = window.toFloatArray();
                        int at = 0;
                        for (int[] stepActive : pendingActive) {
                            for (int g : stepActive) {
                                epochSum[g] += losses[at++];
                            }
                        }
                        lossManager.close();
                        lossManager = manager.newSubManager();
                        pending = new NDList();
                        pendingActive.clear();
                        for (int g : active) {
                            if ((k + 1) % batches[g] == 0) {
                                endEpoch(g, epochSum, meanLoss, epochsRun);
                            }
                        }
                        if ((k + 1) % batches[longest] == 0) {
                            progress(longest, meanLoss, epochsRun);
                        }
                        active = leave(stack, active, k + 1, bytes);
                    }
                } finally {
                    if (staged != null) {
                        staged.close();
                    }
                    lossManager.close();
                    stack.close();
                }
                List<TrainingLoop.Result> results = new ArrayList<>(members);
                for (int g = 0; g < members; g++) {
                    results.add(new TrainingLoop.Result(
                            new NetworkHandle(specs.get(g), bytes[g], first.device()),
                            epochsRun[g],
                            meanLoss[g],
                            batch[g]));
                }
                return results;
            }
        }

        /** Tells the progress listener of the longest member's epoch, with the members' latest epoch losses. */
        private void progress(int longest, double[] meanLoss, int[] epochsRun) {
            double total = 0;
            int counted = 0;
            for (int g = 0; g < members; g++) {
                if (epochsRun[g] > 0) {
                    total += meanLoss[g];
                    counted++;
                }
            }
            TrainingProgress.epochDone(epochsRun[longest], epochs[longest], total / counted);
        }

        /**
         * Writes out the members whose steps are done after {@code done} steps and takes them out of the stack.
         *
         * @return the members still training.
         */
        private int[] leave(Stack stack, int[] active, int done, byte[][] bytes) {
            int leaving = 0;
            for (int g : active) {
                leaving += steps[g] == done ? 1 : 0;
            }
            if (leaving == 0) {
                return active;
            }
            int[] keep = new int[active.length - leaving];
            int[] remaining = new int[keep.length];
            int j = 0;
            for (int a = 0; a < active.length; a++) {
                int g = active[a];
                if (steps[g] == done) {
                    bytes[g] = stack.network.memberBytes(a, batch[g]);
                } else {
                    keep[j] = a;
                    remaining[j++] = g;
                }
            }
            if (keep.length > 0) {
                stack.keep(keep);
            }
            return remaining;
        }

        /** The members' rows one after the other, each zero-padded to {@code widest} columns. */
        private float[] packedRows(int widest) {
            float[] all = new float[(offset[members - 1] + n[members - 1]) * widest];
            for (int g = 0; g < members; g++) {
                Matrix m = data.get(g);
                int d = m.columns();
                if (d == widest) {
                    System.arraycopy(m.data(), 0, all, offset[g] * widest, n[g] * d);
                } else {
                    for (int i = 0; i < n[g]; i++) {
                        System.arraycopy(m.data(), i * d, all, (offset[g] + i) * widest, d);
                    }
                }
            }
            return all;
        }

        /** Member g's epoch is done: its mean loss, checked finite. */
        private void endEpoch(int g, double[] epochSum, double[] meanLoss, int[] epochsRun) {
            epochsRun[g]++;
            meanLoss[g] = epochSum[g] / batches[g];
            epochSum[g] = 0;
            if (!Double.isFinite(meanLoss[g])) {
                throw new IllegalStateException("Training diverged: the mean loss of member " + g + " (seed "
                        + settings.get(g).seed() + ") in epoch " + epochsRun[g] + " is " + meanLoss[g]
                        + " (try a lower learningRate)");
            }
        }

        /**
         * Draws the next steps of the stacked members, from step {@code k} for at most {@code stagedSteps} steps and
         * never past the step after which a member leaves (the stack changes there), and uploads their row indices and
         * the objective's values as two arrays. Step k of member g is its batch {@code k mod batches_g} of its epoch
         * (its rows shuffled by its own generator when the epoch starts), padded to the step's longest batch; each
         * member's generator is called in the order of its plain training: the epoch's shuffle, then each step's
         * draws.
         */
        private Staged stage(NDManager manager, int[] active, int k, int[][] orders, List<Random> randoms) {
            int until = k + stagedSteps;
            for (int g : active) {
                until = Math.min(until, steps[g]);
            }
            int count = until - k;
            int stacked = active.length;
            int perRow = objective.drawnPerRow();
            int[] width = new int[count];
            int[][] rows = new int[count][stacked];
            int[][] start = new int[count][stacked];
            // Step s's rows are [at[s], at[s + 1]) of the staged arrays (times perRow for the drawn values).
            long[] at = new long[count + 1];
            for (int s = 0; s < count; s++) {
                for (int a = 0; a < stacked; a++) {
                    int g = active[a];
                    int b = (k + s) % batches[g];
                    start[s][a] = b * batch[g];
                    rows[s][a] = Math.min(batch[g], n[g] - start[s][a]);
                    width[s] = Math.max(width[s], rows[s][a]);
                }
                at[s + 1] = at[s] + (long) stacked * width[s];
            }
            int[] index = new int[Math.toIntExact(at[count])];
            float[] drawn = new float[Math.toIntExact(Math.multiplyExact(at[count], perRow))];
            for (int s = 0; s < count; s++) {
                int first = (int) at[s];
                for (int a = 0; a < stacked; a++) {
                    int g = active[a];
                    if ((k + s) % batches[g] == 0) {
                        TrainingLoop.shuffle(orders[g], randoms.get(g));
                    }
                    for (int i = 0; i < width[s]; i++) {
                        // Rows past a shorter batch's end pad it (the member's first row; they count in no loss).
                        int row = i < rows[s][a] ? orders[g][start[s][a] + i] : 0;
                        index[first + a * width[s] + i] = offset[g] + row;
                    }
                    objective.draw(randoms.get(g), rows[s][a], drawn, (first + a * width[s]) * perRow);
                }
            }
            NDManager stageManager = manager.newSubManager();
            return new Staged(
                    k, width, rows, perRow, at, stageManager, stageManager.create(index), stageManager.create(drawn));
        }

        /**
         * One step of every stacked member, from the staged draws.
         *
         * @return the A losses, shape (A), owned by {@code manager} until the caller attaches them elsewhere.
         */
        private NDArray step(Engine engine, NDManager manager, Stack stack, NDArray x, Staged staged, int k) {
            Network network = stack.network;
            try (NDManager stepManager = manager.newSubManager()) {
                NDArray index = staged.index(k);
                index.attach(stepManager);
                NDArray x0 = x.get(index);
                x0.attach(stepManager);
                NDArray drawn = staged.drawn(k, network.plain());
                drawn.attach(stepManager);
                int[] rows = staged.rows(k);
                if (!network.plain()) {
                    x0 = x0.reshape(rows.length, staged.width(k), x.getShape().get(1));
                }
                NDArray loss;
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray l = objective.losses(network, x0, drawn, rows);
                    collector.backward(network.plain() ? l : l.sum());
                    loss = l.stopGradient().reshape(rows.length);
                    loss.attach(manager);
                }
                stack.optimizer.step();
                return loss;
            }
        }
    }

    /**
     * Steps drawn ahead ({@link Run#stage}): per step the stacked members' real rows and the padded width, and on the
     * device all the steps' row indices and objective values, one step after the other.
     */
    private record Staged(
            int first,
            int[] width,
            int[][] rows,
            int perRow,
            long[] at,
            NDManager manager,
            NDArray index,
            NDArray drawn)
            implements AutoCloseable {

        boolean holds(int k) {
            return k >= first && k < first + width.length;
        }

        int width(int k) {
            return width[k - first];
        }

        int[] rows(int k) {
            return rows[k - first];
        }

        /** Step k's row indices into the packed rows, member after member, {@code (A * width)}. */
        NDArray index(int k) {
            int s = k - first;
            return index.get(new NDIndex().addSliceDim(at[s], at[s + 1]));
        }

        /** Step k's drawn values, {@code (width, perRow)} for a group of one, else {@code (A, width, perRow)}. */
        NDArray drawn(int k, boolean plain) {
            int s = k - first;
            NDArray slice = drawn.get(new NDIndex().addSliceDim(at[s] * perRow, at[s + 1] * perRow));
            Shape shape = plain ? new Shape(width[s], perRow) : new Shape(rows[s].length, width[s], perRow);
            NDArray shaped = slice.reshape(shape);
            slice.close();
            return shaped;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** The stacked network of the members still training and its optimiser. */
    private static final class Stack {
        private final NDManager manager;
        private final TrainingSettings settings;
        private Network network;
        private FusedAdam optimizer;

        Stack(Network network, NDManager manager, TrainingSettings settings) {
            this.manager = manager;
            this.settings = settings;
            this.network = network;
            this.optimizer =
                    new FusedAdam(manager, network.parameters(), settings.learningRate(), settings.weightDecay());
        }

        /**
         * Keeps some of the members: their parameters and Adam moments gathered into a smaller stack. Every member in
         * the stack has taken every step so far, so Adam's step counts carry over as they are.
         *
         * @param keep the stack indices to keep, in order.
         */
        void keep(int[] keep) {
            Network next = network.keep(keep, manager);
            FusedAdam.State state = optimizer.state();
            optimizer.close();
            List<NDArray> means = new ArrayList<>();
            List<NDArray> variances = new ArrayList<>();
            for (int i = 0; i < state.means().size(); i++) {
                means.add(alongMembers(state.means().get(i), keep, manager));
                variances.add(alongMembers(state.variances().get(i), keep, manager));
                state.means().get(i).close();
                state.variances().get(i).close();
            }
            network.close();
            network = next;
            optimizer = new FusedAdam(
                    manager,
                    next.parameters(),
                    new FusedAdam.State(means, variances, state.steps()),
                    settings.learningRate(),
                    settings.weightDecay());
        }

        void close() {
            optimizer.close();
        }
    }

    /**
     * Checks a group's shape shared by every grouped training: one data set and one settings value per member, at
     * least one member, the fused Adam kernel.
     *
     * @return member 0's settings.
     * @throws IllegalArgumentException naming the problem.
     */
    static TrainingSettings firstOfGroup(List<?> data, List<TrainingSettings> settings) {
        if (data.isEmpty() || data.size() != settings.size()) {
            throw new IllegalArgumentException("A group needs at least one member and one data set and settings per "
                    + "member, got " + data.size() + " data sets and " + settings.size() + " settings");
        }
        TrainingSettings first = settings.get(0);
        if (first.adam() != AdamKernel.FUSED) {
            throw new IllegalArgumentException(
                    "Grouped training needs the fused Adam kernel (adamKernel=fused), got " + first.adam());
        }
        return first;
    }

    /**
     * Checks that member g's settings differ from member 0's only in the seed.
     *
     * @throws IllegalArgumentException naming the member and both settings.
     */
    static void sameButSeed(int g, TrainingSettings s, TrainingSettings first) {
        TrainingSettings same = new TrainingSettings(
                s.epochs(),
                s.batchSize(),
                s.learningRate(),
                s.weightDecay(),
                first.seed(),
                s.threads(),
                s.device(),
                s.maxSteps(),
                s.adam());
        if (!same.equals(first)) {
            throw new IllegalArgumentException(
                    "Members of a group differ only in their seed: member " + g + " has " + s + ", member 0 " + first);
        }
    }
}
