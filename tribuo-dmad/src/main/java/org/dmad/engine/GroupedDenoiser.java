package org.dmad.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
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
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Grouped training of the DDPM-family denoiser ({@link DenoiserNetwork}, {@link DenoiserTraining}): G independent
 * denoisers of one architecture trained as one batched network, each with its own rows, seeded generator for
 * shuffling and timesteps ({@code new Random(seed_g)}), initial weights, noise, dropout masks, batch statistics,
 * optimiser state and early stopping.
 * <p>
 * Every linear layer is a batched matrix product over stacked parameters ({@code [G, in, out]} weights, {@code [G,
 * 1, out]} biases), the time embedding MLP included; batch normalisation normalises each member's rows with that
 * member's own statistics over its real rows only (padding rows enter no statistic) and keeps per-member running
 * statistics (momentum 0.1, unbiased running variance, epsilon 1e-5, as PyTorch's {@code BatchNorm1d}; unpadded
 * batches run PyTorch's batch norm over the members side by side, padded ones a masked form of it). The loss is
 * the sum of the members' mean losses, so each member's gradient is that of its own loss; Adam, weight decay
 * included, is elementwise, so one fused kernel over the stacked tensors updates each member as its own optimiser
 * would (all members still training have taken the same number of steps, so they share the step count).
 * <p>
 * Early stopping is per member ({@link DenoiserEarlyStopping} on the member's own epoch losses): a member that stops
 * is taken out of the group at once (its parameters and running statistics are written out as its network's bytes,
 * and the remaining members' parameters and Adam moments continue in a smaller stack), so it keeps its parameters
 * from that
 * point while the others go on; the group ends when every member stopped or ran its epoch budget. The initial
 * weights come from each member's own {@link DenoiserBlock}, initialised in member order from the engine's generator
 * (seeded with the first member's seed).
 * <p>
 * A group of one trains its plain block with the plain objective ({@link DenoiserTraining#objective}) in
 * {@link TrainingLoop}'s order of random draws, and so trains bit for bit as {@link DenoiserTraining#train}. The loss
 * is a {@link GroupedObjective}: the plain DDPM loss ({@link #objective}) or another detector's (a conditional
 * denoiser's, whose network is wider than its rows: {@link GratingImputation#groupedObjective},
 * {@link DecompositionReconstruction#groupedObjective}), each given with its plain form for a group of one. Members
 * must share the settings but the seed, and the number of batches per epoch ({@link #batches}: each epoch drops its
 * last partial batch, as the denoiser's training does); their row counts may differ. Members below one batch train
 * in one batch of their rows, padded to the longest.
 */
public final class GroupedDenoiser {

    private static final float MOMENTUM = 0.1f;
    private static final float EPSILON = 1e-5f;

    private GroupedDenoiser() {}

    /**
     * What a grouped training gave one member.
     *
     * @param result      the trained network and its summary, as {@link DenoiserTraining#train} returns it.
     * @param epochLosses the member's mean loss of every epoch it ran, in order.
     */
    public record Member(TrainingLoop.Result result, double[] epochLosses) {}

    /**
     * The optimiser steps per epoch of a denoiser training on a number of rows: the full batches (the last partial
     * one dropped), or one batch of all rows when there are fewer than one batch.
     *
     * @param rows      the training rows, at least 1.
     * @param batchSize the batch size setting.
     * @return max(1, rows / batchSize).
     */
    public static int batches(int rows, int batchSize) {
        return Math.max(1, rows / batchSize);
    }

    /**
     * Trains a group of denoisers under the JVM-wide training lock; the engine's generator is seeded with the first
     * member's seed.
     *
     * @param spec      the architecture, shared by every member.
     * @param data      each member's standardised training rows, {@code spec.inputs()} columns, at least 2 rows.
     * @param settings  each member's settings, equal but for the seed (the fused Adam kernel).
     * @param schedule  the noise schedule.
     * @param patience  early-stopping patience, 0 for none.
     * @param minEpochs epochs run before early stopping is checked.
     * @return one result per member, in order.
     * @throws IllegalArgumentException when the members do not fit one group (the message names the difference).
     * @throws IllegalStateException    when a member's loss becomes NaN or infinite.
     * @throws TrainingInterruptedException when the thread is interrupted; checked before every step.
     */
    public static List<Member> train(
            DenoiserNetwork spec,
            List<Matrix> data,
            List<TrainingSettings> settings,
            NoiseSchedule schedule,
            int patience,
            int minEpochs) {
        check(spec, data, settings);
        return train(
                spec, data, settings, DenoiserTraining.objective(schedule), objective(schedule), patience, minEpochs);
    }

    /**
     * Trains a group of denoisers with another loss (a conditional denoiser's, say, whose network is wider than the
     * rows), under the JVM-wide training lock; the engine's generator is seeded with the first member's seed. A
     * group of one trains its plain block with {@code plain}, in {@link TrainingLoop}'s order of random draws, so
     * bit for bit as {@link TrainingLoop#train} with it; larger groups train the stack with {@code grouped}, which
     * must compute each member's {@code plain} loss from the member's own generator.
     *
     * @param spec      the architecture, shared by every member.
     * @param data      each member's standardised training rows, of one width, at least 2 rows.
     * @param settings  each member's settings, equal but for the seed (the fused Adam kernel).
     * @param plain     the loss of one batch of one member.
     * @param grouped   the same loss in stacked form.
     * @param patience  early-stopping patience, 0 for none.
     * @param minEpochs epochs run before early stopping is checked.
     * @return one result per member, in order.
     * @throws IllegalArgumentException when the members do not fit one group (the message names the difference).
     * @throws IllegalStateException    when a member's loss becomes NaN or infinite.
     * @throws TrainingInterruptedException when the thread is interrupted; checked before every step.
     */
    public static List<Member> train(
            DenoiserNetwork spec,
            List<Matrix> data,
            List<TrainingSettings> settings,
            DiffusionObjective plain,
            GroupedObjective grouped,
            int patience,
            int minEpochs) {
        check(data, settings);
        TrainingSettings first = settings.get(0);
        Device device = DMADEngine.device(first.device());
        return DMADEngine.train(
                first.seed(),
                first.threads(),
                device,
                () -> new Run(spec, data, settings, plain, grouped, patience, minEpochs, device).run());
    }

    /**
     * Checks that members can train as one group with the plain denoiser loss: {@link #check(List, List)}, and rows
     * as wide as the network.
     *
     * @param spec     the architecture.
     * @param data     each member's rows.
     * @param settings each member's settings.
     * @throws IllegalArgumentException naming the first difference.
     */
    static void check(DenoiserNetwork spec, List<Matrix> data, List<TrainingSettings> settings) {
        check(data, settings);
        for (int g = 0; g < data.size(); g++) {
            if (data.get(g).columns() != spec.inputs()) {
                throw new IllegalArgumentException("Member " + g + " has "
                        + data.get(g).columns() + " columns, the " + "group's network " + spec.inputs() + " inputs");
            }
        }
    }

    /**
     * Checks that members can train as one group: at least 2 rows each, one width, the same batches per epoch and
     * settings equal but for the seed.
     *
     * @param data     each member's rows.
     * @param settings each member's settings.
     * @throws IllegalArgumentException naming the first difference.
     */
    static void check(List<Matrix> data, List<TrainingSettings> settings) {
        TrainingSettings first = GroupedTraining.firstOfGroup(data, settings);
        int batches = batches(data.get(0).rows(), first.batchSize());
        for (int g = 0; g < data.size(); g++) {
            Matrix m = data.get(g);
            if (m.rows() < 2) {
                throw new IllegalArgumentException("The denoiser needs at least 2 training rows (batch normalisation "
                        + "estimates a variance per batch), member " + g + " has " + m.rows());
            }
            if (m.columns() != data.get(0).columns()) {
                throw new IllegalArgumentException("Member " + g + " has " + m.columns() + " columns, member 0 "
                        + data.get(0).columns());
            }
            if (batches(m.rows(), first.batchSize()) != batches) {
                throw new IllegalArgumentException("Members of a group need the same number of batches per epoch: "
                        + "member " + g + " has " + m.rows() + " rows (" + batches(m.rows(), first.batchSize())
                        + " full batches of " + first.batchSize() + "), member 0 "
                        + data.get(0).rows() + " ("
                        + batches + ")");
            }
            GroupedTraining.sameButSeed(g, settings.get(g), first);
        }
    }

    /** The kinds of parameter tensors, in the order {@link DenoiserBlock#getParameters()} lists them per layer. */
    private static Parameter.Type[] kinds(Block block) {
        List<Parameter.Type> kinds = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            kinds.add(p.getValue().getType());
        }
        return kinds.toArray(new Parameter.Type[0]);
    }

    /** The stacked network of the members still training, as a {@link GroupedObjective} sees it. */
    public interface Network {
        /**
         * The forward pass of every stacked member, in training mode (dropout, batch statistics over each member's
         * real rows, running-statistics updates).
         *
         * @param x    the network inputs, {@code (A, batch, spec.inputs())}.
         * @param t    the timesteps of every row, {@code A * batch} of them, member by member.
         * @param rows each member's real rows (the first {@code rows[a]} of its batch; the others pad it and enter
         *             no batch statistic).
         * @return the outputs, {@code (A, batch, spec.inputs())}.
         */
        NDArray forward(NDArray x, float[] t, int[] rows);

        /**
         * {@link #forward(NDArray, float[], int[])} with the timesteps on the device (a staged objective's draws): the
         * time embeddings are gathered there ({@link DenoiserBlock#embedSteps}), so nothing is uploaded.
         *
         * @param x         the network inputs, {@code (A, batch, spec.inputs())}.
         * @param steps     the integer timesteps of every row, as floats, {@code (A, batch)}, on the training device.
         * @param timesteps T, the range of the timesteps.
         * @param rows      each member's real rows.
         * @return the outputs, {@code (A, batch, spec.inputs())}.
         */
        NDArray forward(NDArray x, NDArray steps, int timesteps, int[] rows);

        /** @return A, the number of members stacked. */
        int members();

        /**
         * @return the manager of the stacked parameters, which lives as long as the training (for an objective's
         *     {@link DeviceConstant}s).
         */
        NDManager manager();
    }

    /**
     * The stacked parameters of the members still training (A of them), in the order of the plain block's
     * parameters: a linear layer's weight {@code [A, in, out]} (the plain {@code [out, in]} transposed) and bias
     * {@code [A, 1, out]}; a batch normalisation's scale, shift and running statistics {@code [A, 1, C]}.
     */
    static final class Stack implements Network {
        private final DenoiserNetwork spec;
        private final DenoiserBlock embedding;
        private final Parameter.Type[] kinds;
        private final List<NDArray> arrays;
        /** The masked batch norm's constants for the last padded row counts, on the stack's device; null until then. */
        private Padding padding;
        /** The batch norm's numbers as arrays on the stack's device; null until used. */
        private Scalars scalars;

        /**
         * Stacks the members' plain blocks.
         *
         * @param spec    the architecture.
         * @param blocks  the members' initialised blocks, in order.
         * @param manager the manager the stack belongs to.
         */
        Stack(DenoiserNetwork spec, List<Block> blocks, NDManager manager) {
            this.spec = spec;
            this.embedding = (DenoiserBlock) blocks.get(0);
            this.kinds = kinds(blocks.get(0));
            this.arrays = new ArrayList<>(kinds.length);
            List<List<NDArray>> perMember = new ArrayList<>();
            for (Block b : blocks) {
                List<NDArray> mine = new ArrayList<>();
                for (Pair<String, Parameter> p : b.getParameters()) {
                    mine.add(p.getValue().getArray());
                }
                perMember.add(mine);
            }
            for (int k = 0; k < kinds.length; k++) {
                NDList slices = new NDList(blocks.size());
                for (List<NDArray> mine : perMember) {
                    NDArray a = mine.get(k);
                    slices.add(
                            kinds[k] == Parameter.Type.WEIGHT
                                    ? a.transpose()
                                    : a.reshape(1, a.getShape().get(0)));
                }
                NDArray stacked = NDArrays.stack(slices);
                stacked.attach(manager);
                for (NDArray s : slices) {
                    s.close();
                }
                if (trainable(k)) {
                    stacked.setRequiresGradient(true);
                }
                arrays.add(stacked);
            }
        }

        private Stack(DenoiserNetwork spec, DenoiserBlock embedding, Parameter.Type[] kinds, List<NDArray> arrays) {
            this.spec = spec;
            this.embedding = embedding;
            this.kinds = kinds;
            this.arrays = arrays;
        }

        private boolean trainable(int k) {
            return kinds[k] != Parameter.Type.RUNNING_MEAN && kinds[k] != Parameter.Type.RUNNING_VAR;
        }

        /** @return the number of members stacked. */
        @Override
        public int members() {
            return (int) arrays.get(0).getShape().get(0);
        }

        @Override
        public NDManager manager() {
            return arrays.get(0).getManager();
        }

        /** @return the trainable arrays, in the plain block's order of trainable parameters. */
        List<NDArray> trainable() {
            List<NDArray> out = new ArrayList<>();
            for (int k = 0; k < arrays.size(); k++) {
                if (trainable(k)) {
                    out.add(arrays.get(k));
                }
            }
            return out;
        }

        /**
         * The stack of some of the members (a gather along the member axis), trainable again.
         *
         * @param keep the stack indices to keep, in order.
         * @return the new stack; this one's arrays are left to the caller to close.
         */
        Stack keep(int[] keep) {
            List<NDArray> kept = new ArrayList<>(arrays.size());
            for (int k = 0; k < arrays.size(); k++) {
                NDArray a = arrays.get(k);
                NDArray g = gather(a, keep);
                if (trainable(k)) {
                    g.setRequiresGradient(true);
                }
                kept.add(g);
            }
            return new Stack(spec, embedding, kinds, kept);
        }

        /** Frees the stacked arrays and the constants kept with them. */
        void close() {
            for (NDArray a : arrays) {
                a.close();
            }
            if (padding != null) {
                padding.close();
                padding = null;
            }
            if (scalars != null) {
                scalars.close();
                scalars = null;
            }
        }

        /**
         * The batch norm's scalars, made once in the stack's manager: a number operand ({@code x.add(1e-5f)}) is an
         * upload per operation, which on a GPU waits for the device's queued work (PERFORMANCE.md section 7).
         *
         * @return epsilon, 1 - momentum and momentum.
         */
        private Scalars scalars() {
            if (scalars == null) {
                NDManager home = manager();
                scalars = new Scalars(home.create(EPSILON), home.create(1 - MOMENTUM), home.create(MOMENTUM));
            }
            return scalars;
        }

        /**
         * The masked batch norm's constants for these row counts: made once and kept while they do not change (a
         * padded member has the same real rows in every step, the denoisers dropping each epoch's partial batch).
         */
        private Padding padding(int[] rows, int batch) {
            if (padding == null || !padding.serves(rows, batch)) {
                if (padding != null) {
                    padding.close();
                }
                padding = new Padding(rows, batch, manager());
            }
            return padding;
        }

        /**
         * Writes a stacked member's parameters and running statistics into its plain block.
         *
         * @param index the member's index in this stack.
         * @param block the member's block.
         */
        void writeTo(int index, Block block) {
            int k = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray slice = arrays.get(k).get(index);
                NDArray plain = kinds[k] == Parameter.Type.WEIGHT ? slice.transpose() : slice;
                try (NDArray flat = plain.reshape(-1).toDevice(Device.cpu(), true)) {
                    p.getValue().getArray().set(flat.toFloatArray());
                } finally {
                    if (plain != slice) {
                        plain.close();
                    }
                    slice.close();
                }
                k++;
            }
        }

        /**
         * A stacked member's parameters as the plain architecture's parameter bytes, written through a copy of its
         * block on the CPU (whatever the training device; no random draws).
         *
         * @param index    the member's index in this stack.
         * @param template the member's initialised block (for the recorded input shapes and the parameter layout).
         * @return the bytes.
         */
        byte[] memberBytes(int index, Block template) {
            try (NDManager cpu = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                Block block = spec.build();
                block.loadParameters(
                        cpu, new DataInputStream(new ByteArrayInputStream(NetworkHandle.parameterBytes(template))));
                writeTo(index, block);
                return NetworkHandle.parameterBytes(block);
            } catch (IOException | MalformedModelException e) {
                throw new IllegalStateException("Could not copy member " + index + "'s network: " + e.getMessage(), e);
            }
        }

        @Override
        public NDArray forward(NDArray x, float[] t, int[] rows) {
            return forward(x, t, rows, true);
        }

        @Override
        public NDArray forward(NDArray x, NDArray steps, int timesteps, int[] rows) {
            NDArray emb = embedding
                    .embedSteps(steps.reshape(-1), timesteps)
                    .reshape(members(), x.getShape().get(1), spec.embeddingSize());
            return forwardEmbedded(x, emb, rows, true);
        }

        /**
         * The forward pass of every stacked member.
         *
         * @param x        the rows, {@code (A, batch, d)}.
         * @param t        the timesteps of every row, {@code A * batch} of them, member by member.
         * @param rows     each member's real rows (the first {@code rows[a]} of its batch; the others pad it and
         *                 enter no batch statistic).
         * @param training true for dropout, batch statistics and running-statistics updates.
         * @return the predicted noise, {@code (A, batch, d)}.
         */
        NDArray forward(NDArray x, float[] t, int[] rows, boolean training) {
            NDArray emb = embedding
                    .embed(t, x.getManager())
                    .reshape(members(), x.getShape().get(1), spec.embeddingSize());
            return forwardEmbedded(x, emb, rows, training);
        }

        /** The forward pass from the rows' sinusoidal time embeddings, {@code (A, batch, E)}. */
        private NDArray forwardEmbedded(NDArray x, NDArray emb, int[] rows, boolean training) {
            int batch = (int) x.getShape().get(1);
            boolean padded = false;
            for (int a = 0; a < members(); a++) {
                padded |= rows[a] != batch;
            }
            // The masked form serves padded batches only.
            Norm norm = new Norm(padded ? padding(rows, batch) : null, training);
            int[] cursor = {0};
            NDArray time = linear(silu(linear(emb, cursor)), cursor);
            NDArray timeShift = linear(silu(time), cursor);
            NDArray h = linear(x, cursor).add(timeShift);
            for (int r = 0; r < spec.residualBlocks(); r++) {
                NDArray b = Activation.relu(linear(norm.apply(h, cursor), cursor));
                b = dropout(b, spec.dropoutFirst(), training);
                b = dropout(linear(b, cursor), spec.dropoutSecond(), training);
                h = h.add(b);
            }
            return linear(Activation.relu(norm.apply(h, cursor)), cursor);
        }

        /** SiLU from array operands only, as {@link DenoiserBlock#silu()} (autograd keeps both factors alive). */
        private static NDArray silu(NDArray x) {
            return x.mul(Activation.sigmoid(x));
        }

        private NDArray linear(NDArray x, int[] cursor) {
            NDArray w = arrays.get(cursor[0]++);
            NDArray b = arrays.get(cursor[0]++);
            return x.matMul(w).add(b);
        }

        private static NDArray dropout(NDArray x, double rate, boolean training) {
            return rate > 0
                    ? x.getNDArrayInternal().dropout(x, (float) rate, training).singletonOrThrow()
                    : x;
        }

        /** Per-member batch normalisation over the real rows. */
        private final class Norm {
            private final Padding padding;
            private final boolean training;

            Norm(Padding padding, boolean training) {
                this.padding = padding;
                this.training = training;
            }

            /**
             * Without padding, PyTorch's own batch norm over the members side by side: {@code (A, batch, C)} as
             * {@code (batch, A * C)}, whose channels are the members' channels, so each member's channel is normalised
             * over its own rows and its running statistics (views of the stacked ones) are updated in place, in one
             * native call each way instead of a dozen elementwise ones.
             */
            private NDArray native2d(NDArray x, NDArray gamma, NDArray beta, int meanIndex, int varIndex) {
                NDManager m = x.getManager();
                long members = x.getShape().get(0);
                long batch = x.getShape().get(1);
                long channels = x.getShape().get(2);
                NDArray side = x.transpose(1, 0, 2).reshape(batch, members * channels);
                // Views of the stack's arrays belong to its manager: the step's manager frees the handles.
                NDArray[] views = {
                    arrays.get(meanIndex).reshape(members * channels),
                    arrays.get(varIndex).reshape(members * channels),
                    gamma.reshape(members * channels),
                    beta.reshape(members * channels)
                };
                for (NDArray v : views) {
                    v.attach(m);
                }
                NDArray out = side.getNDArrayInternal()
                        .batchNorm(side, views[0], views[1], views[2], views[3], -1, 1 - MOMENTUM, EPSILON, true)
                        .singletonOrThrow();
                return out.reshape(batch, members, channels).transpose(1, 0, 2);
            }

            NDArray apply(NDArray x, int[] cursor) {
                NDArray gamma = arrays.get(cursor[0]++);
                NDArray beta = arrays.get(cursor[0]++);
                int meanIndex = cursor[0]++;
                int varIndex = cursor[0]++;
                if (!training) {
                    NDArray shifted = arrays.get(varIndex).add(scalars().epsilon());
                    shifted.attach(x.getManager()); // the step's to free, as what follows from it
                    NDArray scale = shifted.sqrt();
                    return x.sub(arrays.get(meanIndex)).div(scale).mul(gamma).add(beta);
                }
                if (padding == null) {
                    return native2d(x, gamma, beta, meanIndex, varIndex);
                }
                NDArray mask = padding.mask;
                NDArray count = padding.count;
                NDArray mean = x.mul(mask).sum(new int[] {1}, true).div(count);
                NDArray centred = x.sub(mean);
                NDArray square = centred.square();
                NDArray variance = square.mul(mask).sum(new int[] {1}, true).div(count);
                Scalars scalars = scalars();
                NDArray out = centred.div(variance.add(scalars.epsilon()).sqrt())
                        .mul(gamma)
                        .add(beta);
                // Running statistics, outside the graph: (1 - momentum) * old + momentum * batch, the variance
                // unbiased (n / (n - 1)), as PyTorch updates them.
                NDArray keep = scalars.keep();
                NDArray take = scalars.take();
                try (NDArray meanStat = mean.stopGradient();
                        NDArray varStat = variance.stopGradient()) {
                    NDArray unbiased = varStat.mul(count).div(padding.countLessOne);
                    // The step's arrays first, so that the results are the step's to free (the operands are the
                    // stack's); a product and a sum do not depend on their operands' order, bit for bit.
                    NDArray newMean;
                    NDArray newVar;
                    try (NDArray oldMean = arrays.get(meanIndex).mul(keep);
                            NDArray oldVar = arrays.get(varIndex).mul(keep)) {
                        newMean = meanStat.mul(take).add(oldMean);
                        newVar = unbiased.mul(take).add(oldVar);
                    }
                    arrays.get(meanIndex).close();
                    arrays.get(varIndex).close();
                    // Owned by the stack's manager, not the step's.
                    newMean.attach(arrays.get(0).getManager());
                    newVar.attach(arrays.get(0).getManager());
                    arrays.set(meanIndex, newMean);
                    arrays.set(varIndex, newVar);
                }
                return out;
            }
        }
    }

    /** The batch norm's epsilon, 1 - momentum and momentum, as arrays (a number operand is an upload per operation). */
    private record Scalars(NDArray epsilon, NDArray keep, NDArray take) {
        void close() {
            epsilon.close();
            keep.close();
            take.close();
        }
    }

    /**
     * The masked batch norm's constants for one set of row counts, on the stack's device: which rows of each member
     * are real (1) or padding (0), {@code (A, batch, 1)}, and each member's real rows n and n - 1, {@code (A, 1, 1)}.
     * Made once for as long as the row counts hold, not uploaded per step.
     */
    private static final class Padding {
        private final int[] rows;
        private final int batch;
        final NDArray mask;
        final NDArray count;
        final NDArray countLessOne;

        Padding(int[] rows, int batch, NDManager home) {
            int members = rows.length;
            float[] maskValues = new float[members * batch];
            float[] counts = new float[members];
            float[] lessOne = new float[members];
            for (int a = 0; a < members; a++) {
                Arrays.fill(maskValues, a * batch, a * batch + rows[a], 1f);
                counts[a] = rows[a];
                lessOne[a] = rows[a] - 1;
            }
            this.rows = rows.clone();
            this.batch = batch;
            this.mask = home.create(maskValues, new Shape(members, batch, 1));
            this.count = home.create(counts, new Shape(members, 1, 1));
            this.countLessOne = home.create(lessOne, new Shape(members, 1, 1));
        }

        boolean serves(int[] rows, int batch) {
            return this.batch == batch && Arrays.equals(this.rows, rows);
        }

        void close() {
            mask.close();
            count.close();
            countLessOne.close();
        }
    }

    /** The slices {@code index} of a stacked array along its member axis, as a new array of a's manager. */
    private static NDArray gather(NDArray a, int[] index) {
        NDList slices = new NDList(index.length);
        for (int i : index) {
            slices.add(a.get(i));
        }
        NDArray g = NDArrays.stack(slices);
        g.attach(a.getManager());
        slices.close();
        return g;
    }

    /**
     * The plain denoiser loss ({@link DenoiserTraining#objective}) in stacked form: member a draws one timestep per
     * real row from its own generator; its loss is its mean squared noise error over its real rows.
     *
     * @param schedule the noise schedule.
     * @return the grouped objective.
     */
    public static GroupedObjective objective(NoiseSchedule schedule) {
        final class Group extends DenoiserTraining.Draws implements GroupedObjective.Staged {
            Group() {
                super(schedule);
            }

            @Override
            public NDArray losses(Network network, NDArray x0, NDArray drawn, int[] rows) {
                NDArray noise = x0.getManager().randomNormal(x0.getShape());
                NDArray xt = variancePreserving(x0, noise, drawn, 0);
                NDArray predicted = network.forward(xt, drawn.get(":, :, 2"), timesteps(), rows);
                NDArray rowLoss = predicted.sub(noise).square().mean(new int[] {2});
                return rowLoss.mul(drawn.get(":, :, 3")).sum(new int[] {1});
            }
        }
        return new Group();
    }

    /**
     * Each member's mean over its real rows as weights: 1 / rows[a] on member a's real rows, 0 on padding rows.
     *
     * @param m     the step's manager.
     * @param rows  each member's real rows.
     * @param batch the stacked batch's rows.
     * @return the weights, shape (A, batch).
     */
    static NDArray rowWeights(NDManager m, int[] rows, int batch) {
        float[] weights = new float[rows.length * batch];
        for (int g = 0; g < rows.length; g++) {
            Arrays.fill(weights, g * batch, g * batch + rows[g], 1f / rows[g]);
        }
        return m.create(weights, new Shape(rows.length, batch));
    }

    /** One grouped training. */
    private static final class Run {
        private final DenoiserNetwork spec;
        private final List<Matrix> data;
        private final List<TrainingSettings> settings;
        private final DiffusionObjective plain;
        private final GroupedObjective grouped;
        private final int patience;
        private final int minEpochs;
        private final Device device;

        Run(
                DenoiserNetwork spec,
                List<Matrix> data,
                List<TrainingSettings> settings,
                DiffusionObjective plain,
                GroupedObjective grouped,
                int patience,
                int minEpochs,
                Device device) {
            this.spec = spec;
            this.data = data;
            this.settings = settings;
            this.plain = plain;
            this.grouped = grouped;
            this.patience = patience;
            this.minEpochs = minEpochs;
            this.device = device;
        }

        List<Member> run() {
            Engine engine = DMADEngine.engine();
            int members = data.size();
            int d = data.get(0).columns();
            TrainingSettings first = settings.get(0);
            int[] n = new int[members];
            int[] batch = new int[members];
            int nMax = 0;
            for (int g = 0; g < members; g++) {
                n[g] = data.get(g).rows();
                batch[g] = Math.min(first.batchSize(), n[g]);
                nMax = Math.max(nMax, n[g]);
            }
            int batches = batches(n[0], first.batchSize());
            int epochs = first.epochLimit(batches);
            List<Random> randoms = new ArrayList<>(members);
            List<DenoiserEarlyStopping> rules = new ArrayList<>(members);
            for (TrainingSettings s : settings) {
                randoms.add(new Random(s.seed()));
                rules.add(new DenoiserEarlyStopping(patience, minEpochs));
            }
            try (NDManager manager = NDManager.newBaseManager(device, engine.getEngineName())) {
                // Each member's plain block, initialised in member order: a group of one draws exactly what the
                // plain training draws.
                List<Block> blocks = new ArrayList<>(members);
                for (int g = 0; g < members; g++) {
                    Block block = spec.build();
                    block.initialize(manager, DataType.FLOAT32, spec.inputShapes(batch[g]));
                    blocks.add(block);
                }
                float[] all = new float[members * nMax * d];
                for (int g = 0; g < members; g++) {
                    System.arraycopy(data.get(g).data(), 0, all, g * nMax * d, n[g] * d);
                }
                NDArray x = manager.create(all, new Shape((long) members * nMax, d));
                int[][] orders = new int[members][];
                for (int g = 0; g < members; g++) {
                    orders[g] = new int[n[g]];
                    for (int i = 0; i < n[g]; i++) {
                        orders[g][i] = i;
                    }
                }
                List<List<Double>> history = new ArrayList<>(members);
                for (int g = 0; g < members; g++) {
                    history.add(new ArrayList<>());
                }
                int[] epochsRun = new int[members];
                // The members still training, by member index; a stack index is a position in this array.
                int[] active = new int[members];
                for (int g = 0; g < members; g++) {
                    active[g] = g;
                }
                Trainer trainer =
                        members == 1 ? new Plain(blocks.get(0), manager, first) : new Grouped(blocks, manager, first);
                // A staged objective's values are drawn for the whole epoch after the shuffles (the steps' order of
                // draws from each member's generator) and uploaded once; others draw and upload step by step.
                StepDraws draws = members == 1
                        ? (plain instanceof StagedObjective p ? p : null)
                        : (grouped instanceof GroupedObjective.Staged g ? g : null);
                try {
                    int epoch = 0;
                    while (active.length > 0 && epoch < epochs) {
                        int[] index = new int[active.length * nMax];
                        for (int a = 0; a < active.length; a++) {
                            int g = active[a];
                            TrainingLoop.shuffle(orders[g], randoms.get(g));
                            for (int i = 0; i < nMax; i++) {
                                // Rows past a shorter member's end pad it (its first row; they count in nothing).
                                index[a * nMax + i] = g * nMax + (i < n[g] ? orders[g][i] : 0);
                            }
                        }
                        float[] losses;
                        try (NDManager epochManager = manager.newSubManager()) {
                            NDArray shuffled = x.get(epochManager.create(index));
                            shuffled.attach(epochManager);
                            if (members > 1) {
                                shuffled = shuffled.reshape(active.length, nMax, d);
                            }
                            // Every step stacks the same rows per member: rows[a] real ones, padded to the longest.
                            int[] rows = new int[active.length];
                            int stacked = 0;
                            for (int a = 0; a < active.length; a++) {
                                rows[a] = batch[active[a]];
                                stacked = Math.max(stacked, rows[a]);
                            }
                            NDArray drawn = draws == null
                                    ? null
                                    : drawEpoch(epochManager, draws, randoms, active, rows, batches, stacked);
                            NDList stepLosses = new NDList(batches);
                            for (int b = 0; b < batches; b++) {
                                if (Thread.currentThread().isInterrupted()) {
                                    throw new TrainingInterruptedException(epoch);
                                }
                                int start = b * first.batchSize();
                                NDArray mine = drawn == null ? null : slice(drawn, b * stacked, (b + 1) * stacked);
                                stepLosses.add(trainer.step(
                                        engine,
                                        epochManager,
                                        slice(shuffled, start, start + stacked),
                                        mine,
                                        active,
                                        rows,
                                        randoms));
                            }
                            losses = NDArrays.stack(stepLosses).toFloatArray();
                        }
                        epoch++;
                        double total = 0;
                        List<Integer> stopped = new ArrayList<>();
                        for (int a = 0; a < active.length; a++) {
                            int g = active[a];
                            double sum = 0;
                            for (int b = 0; b < batches; b++) {
                                sum += losses[b * active.length + a];
                            }
                            double meanLoss = sum / batches;
                            if (!Double.isFinite(meanLoss)) {
                                throw new IllegalStateException(
                                        members == 1
                                                ? "Training diverged: the mean loss of epoch " + epoch + " is "
                                                        + meanLoss + " (try a lower learningRate)"
                                                : "Training diverged: the mean loss of member " + g + " (seed "
                                                        + settings.get(g).seed() + ") in epoch " + epoch + " is "
                                                        + meanLoss
                                                        + " (try a lower learningRate)");
                            }
                            history.get(g).add(meanLoss);
                            epochsRun[g] = epoch;
                            total += meanLoss;
                            if (!rules.get(g).afterEpoch(epoch, meanLoss)) {
                                stopped.add(a);
                            }
                        }
                        TrainingProgress.epochDone(epoch, epochs, total / active.length);
                        if (!stopped.isEmpty()) {
                            active = trainer.stop(stopped, active);
                        }
                    }
                    trainer.finish(active);
                } finally {
                    trainer.close();
                }
                List<Member> out = new ArrayList<>(members);
                for (int g = 0; g < members; g++) {
                    List<Double> h = history.get(g);
                    double[] losses = new double[h.size()];
                    for (int e = 0; e < losses.length; e++) {
                        losses[e] = h.get(e);
                    }
                    out.add(new Member(
                            new TrainingLoop.Result(
                                    new NetworkHandle(spec, trainer.bytes(g), first.device()),
                                    epochsRun[g],
                                    losses.length == 0 ? Double.NaN : losses[losses.length - 1],
                                    batch[g]),
                            losses));
                }
                return out;
            }
        }

        /**
         * A staged objective's values for every step of an epoch and every member still training, drawn step by step
         * and member by member from the members' own generators and uploaded at once: shape (A, batches * stacked,
         * drawnPerRow) for a group, (batches * stacked, drawnPerRow) for a group of one (the layout of the shuffled
         * rows), step b's rows at b * stacked; a padding row's values are 0.
         */
        private static NDArray drawEpoch(
                NDManager manager,
                StepDraws draws,
                List<Random> randoms,
                int[] active,
                int[] rows,
                int batches,
                int stacked) {
            int perRow = draws.drawnPerRow();
            int length = batches * stacked;
            float[] values = new float[Math.multiplyExact(active.length * length, perRow)];
            for (int b = 0; b < batches; b++) {
                for (int a = 0; a < active.length; a++) {
                    draws.draw(randoms.get(active[a]), rows[a], values, (a * length + b * stacked) * perRow);
                }
            }
            Shape shape = randoms.size() > 1 ? new Shape(active.length, length, perRow) : new Shape(length, perRow);
            return manager.create(values, shape);
        }

        /** Rows start..end of the step axis: the second of a group's stacked arrays, the first of a plain one. */
        private static NDArray slice(NDArray a, int start, int end) {
            return a.getShape().dimension() == 3
                    ? a.get(new NDIndex().addAllDim().addSliceDim(start, end))
                    : a.get(new NDIndex().addSliceDim(start, end));
        }

        /** How the members' steps run: the plain block for a group of one, the stack otherwise. */
        private interface Trainer {
            /**
             * One optimiser step.
             *
             * @param engine  the engine.
             * @param manager the epoch's manager, which owns the returned loss.
             * @param x0      the step's rows (the members' stacked batches, or the plain batch); the step frees it.
             * @param drawn   the step's staged draws, laid out as x0, or null when the objective draws for itself;
             *                the step frees it.
             * @param active  the members training, by stack index.
             * @param rows    each member's real rows.
             * @param randoms every member's generator.
             * @return the step's losses (one per member of the stack), detached.
             */
            NDArray step(
                    Engine engine,
                    NDManager manager,
                    NDArray x0,
                    NDArray drawn,
                    int[] active,
                    int[] rows,
                    List<Random> randoms);

            /**
             * Takes stopped members out of training.
             *
             * @param stopped stack indices of the members that stopped, ascending.
             * @param active  the members training, by stack index.
             * @return the members still training.
             */
            int[] stop(List<Integer> stopped, int[] active);

            /** Takes the members still training out when the epoch budget is spent. */
            void finish(int[] active);

            /**
             * @param member a member's index.
             * @return its trained parameters, as the plain architecture's parameter bytes.
             */
            byte[] bytes(int member);

            void close();
        }

        /** A group of one: {@link TrainingLoop}'s step on the plain block, with the plain objective. */
        private final class Plain implements Trainer {
            private final Block block;
            private final ParameterStore store;
            private final FusedAdam optimizer;
            private final DiffusionObjective objective = plain;

            Plain(Block block, NDManager manager, TrainingSettings s) {
                this.block = block;
                this.store = new ParameterStore(manager, false);
                List<NDArray> trainable = new ArrayList<>();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        trainable.add(p.getValue().getArray());
                    }
                }
                optimizer = new FusedAdam(manager, trainable, s.learningRate(), s.weightDecay());
            }

            @Override
            public NDArray step(
                    Engine engine,
                    NDManager manager,
                    NDArray x0,
                    NDArray drawn,
                    int[] active,
                    int[] rows,
                    List<Random> randoms) {
                try (NDManager stepManager = manager.newSubManager()) {
                    // Results of an operation belong to its first operand's manager: the step's frees them.
                    x0.attach(stepManager);
                    if (drawn != null) {
                        drawn.attach(stepManager);
                    }
                    NDArray loss;
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray l = drawn == null
                                ? objective.loss(block, store, x0, randoms.get(0))
                                : ((StagedObjective) objective).loss(block, store, x0, drawn);
                        collector.backward(l);
                        loss = l.stopGradient();
                        loss.attach(manager);
                    }
                    optimizer.step();
                    return loss;
                }
            }

            @Override
            public int[] stop(List<Integer> stopped, int[] active) {
                return new int[0];
            }

            @Override
            public void finish(int[] active) {
                // The block trained in place.
            }

            @Override
            public byte[] bytes(int member) {
                return NetworkHandle.parameterBytes(block);
            }

            @Override
            public void close() {
                optimizer.close();
            }
        }

        /** Two or more members: the stacked network. */
        private final class Grouped implements Trainer {
            private final List<Block> blocks;
            /** Each member's trained parameter bytes, once it stopped or the budget ended. */
            private final byte[][] bytes;

            private final NDManager manager;
            private final TrainingSettings settings;
            private Stack stack;
            private FusedAdam optimizer;

            Grouped(List<Block> blocks, NDManager manager, TrainingSettings settings) {
                this.blocks = blocks;
                this.manager = manager;
                this.settings = settings;
                this.bytes = new byte[blocks.size()][];
                this.stack = new Stack(spec, blocks, manager);
                this.optimizer =
                        new FusedAdam(manager, stack.trainable(), settings.learningRate(), settings.weightDecay());
            }

            @Override
            public NDArray step(
                    Engine engine,
                    NDManager epochManager,
                    NDArray x0,
                    NDArray drawn,
                    int[] active,
                    int[] rows,
                    List<Random> randoms) {
                List<Random> mine = new ArrayList<>(active.length);
                for (int g : active) {
                    mine.add(randoms.get(g));
                }
                try (NDManager stepManager = epochManager.newSubManager()) {
                    x0.attach(stepManager);
                    if (drawn != null) {
                        drawn.attach(stepManager);
                    }
                    NDArray loss;
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray l = drawn == null
                                ? grouped.losses(stack, x0, mine, rows)
                                : ((GroupedObjective.Staged) grouped).losses(stack, x0, drawn, rows);
                        collector.backward(l.sum());
                        loss = l.stopGradient();
                        loss.attach(epochManager);
                    }
                    optimizer.step();
                    return loss;
                }
            }

            @Override
            public int[] stop(List<Integer> stopped, int[] active) {
                for (int k : stopped) {
                    bytes[active[k]] = stack.memberBytes(k, blocks.get(active[k]));
                }
                int[] keep = new int[active.length - stopped.size()];
                int[] remaining = new int[keep.length];
                int j = 0;
                for (int k = 0; k < active.length; k++) {
                    if (!stopped.contains(k)) {
                        keep[j] = k;
                        remaining[j++] = active[k];
                    }
                }
                FusedAdam.State state = optimizer.state();
                optimizer.close();
                if (keep.length > 0) {
                    Stack next = stack.keep(keep);
                    List<NDArray> means = new ArrayList<>();
                    List<NDArray> variances = new ArrayList<>();
                    for (int i = 0; i < state.means().size(); i++) {
                        means.add(gather(state.means().get(i), keep));
                        variances.add(gather(state.variances().get(i), keep));
                    }
                    // Every member still training has taken the same steps: the step counts carry over as they are.
                    optimizer = new FusedAdam(
                            manager,
                            next.trainable(),
                            new FusedAdam.State(means, variances, state.steps()),
                            settings.learningRate(),
                            settings.weightDecay());
                    stack.close();
                    stack = next;
                } else {
                    optimizer = null;
                    stack.close();
                    stack = null;
                }
                for (NDArray m : state.means()) {
                    m.close();
                }
                for (NDArray v : state.variances()) {
                    v.close();
                }
                return remaining;
            }

            @Override
            public void finish(int[] active) {
                for (int k = 0; k < active.length; k++) {
                    bytes[active[k]] = stack.memberBytes(k, blocks.get(active[k]));
                }
            }

            @Override
            public byte[] bytes(int member) {
                return bytes[member];
            }

            @Override
            public void close() {
                if (optimizer != null) {
                    optimizer.close();
                }
                if (stack != null) {
                    stack.close();
                }
            }
        }
    }
}
