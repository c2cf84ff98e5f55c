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
import java.util.List;
import java.util.Random;

/**
 * Grouped training: G independent networks of one {@link MLPNetwork} architecture trained as one batched network, so
 * that the small networks of a benchmark grid (the seeds of one dataset) share each optimiser step's native calls
 * instead of paying them G times.
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
 * A group of one runs the plain network's operators (2-D linear layers, the same random draws in the same order) and
 * so trains bit for bit as {@link TrainingLoop} does. Members must share the training settings but the seed, the
 * architecture and the number of batches per epoch; their row counts may differ (seed-dependent splits of one
 * dataset): shorter members' batches are padded, and padded rows count in no loss.
 */
public final class GroupedTraining {

    private GroupedTraining() {}

    /** The loss of one grouped step. */
    @FunctionalInterface
    public interface Objective {
        /**
         * Computes the members' losses of one batch in training mode.
         *
         * @param network the grouped network.
         * @param x0      the batch: {@code (batch, d)} for a group of one, else {@code (G, batch, d)}, where member
         *                g's rows are its first {@code rows[g]} (the others pad a shorter batch and must not count).
         * @param random  each member's seeded generator for timesteps; member g draws for its own rows only.
         * @param rows    each member's real rows in this batch, at least 1.
         * @return a scalar loss for a group of one, else the G members' losses (each the mean over its own rows),
         * shape {@code (G)}.
         */
        NDArray losses(Network network, NDArray x0, List<Random> random, int[] rows);
    }

    /** The stacked parameters of G MLPs of one architecture, and their batched forward pass. */
    public static final class Network {
        private final MLPNetwork spec;
        private final int members;
        private final List<NDArray> weights = new ArrayList<>();
        private final List<NDArray> biases = new ArrayList<>();

        /**
         * Initialises the members' parameters as {@link MLPNetwork#build()} does, U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
         * drawing, for a group of one, exactly the plain block's tensors in its order (each layer's weight, then its
         * bias).
         */
        Network(MLPNetwork spec, int members, NDManager manager) {
            this.spec = spec;
            this.members = members;
            int[] sizes = sizes(spec);
            for (int l = 0; l + 1 < sizes.length; l++) {
                int fanIn = sizes[l];
                int units = sizes[l + 1];
                float scale = (float) (1.0 / Math.sqrt(fanIn));
                Shape w = members == 1 ? new Shape(units, fanIn) : new Shape(members, fanIn, units);
                Shape b = members == 1 ? new Shape(units) : new Shape(members, 1, units);
                NDArray weight = manager.randomUniform(-scale, scale, w, DataType.FLOAT32, manager.getDevice());
                NDArray bias = manager.randomUniform(-scale, scale, b, DataType.FLOAT32, manager.getDevice());
                weight.setRequiresGradient(true);
                bias.setRequiresGradient(true);
                weights.add(weight);
                biases.add(bias);
            }
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

        /** @return G. */
        public int members() {
            return members;
        }

        /**
         * The forward pass of every member: ReLU after each hidden layer, dropout after each hidden activation but
         * the first, as {@link MLPNetwork}.
         *
         * @param x        {@code (batch, in)} for a group of one, else {@code (G, batch, in)}.
         * @param training true to apply dropout.
         * @return {@code (batch, out)} for a group of one, else {@code (G, batch, out)}.
         */
        public NDArray forward(NDArray x, boolean training) {
            NDArray h = x;
            int layers = weights.size();
            for (int l = 0; l < layers; l++) {
                h = members == 1
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
         * One member's parameters as the plain architecture's parameter bytes ({@link NetworkHandle#parameterBytes}).
         *
         * @param member the member index.
         * @param batch  the training batch size (the plain block records the input shape it was initialised with).
         * @return the bytes.
         */
        byte[] memberBytes(int member, int batch) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                Block block = spec.build();
                block.initialize(m, DataType.FLOAT32, spec.inputShapes(batch));
                List<Parameter> params = new ArrayList<>();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    params.add(p.getValue());
                }
                List<NDArray> mine = parameters();
                for (int i = 0; i < params.size(); i++) {
                    float[] values;
                    NDArray stacked = mine.get(i);
                    if (members == 1) {
                        values = stacked.toFloatArray();
                    } else {
                        // Weights [G, in, out] -> the plain layer's [out, in]; biases [G, 1, out] -> [out]. reshape
                        // copies a transposed view into row-major order.
                        NDArray slice = i % 2 == 0 ? stacked.get(member).transpose() : stacked.get(member);
                        try (NDArray flat = slice.reshape(-1).toDevice(Device.cpu(), false)) {
                            values = flat.toFloatArray();
                        } finally {
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

    /**
     * Trains a group of networks of one architecture together under the JVM-wide training lock; the engine's
     * generator is seeded with the first member's seed.
     *
     * @param spec      the architecture, shared by every member.
     * @param data      each member's standardised training rows; every member has the same number of rows and
     *                  {@code spec.inputs()} columns.
     * @param settings  each member's settings, equal but for the seed.
     * @param objective the grouped loss.
     * @return one result per member, in order, each as {@link TrainingLoop#train} returns it.
     * @throws IllegalArgumentException when the members do not fit one group (the message names the difference).
     * @throws IllegalStateException    when a member's loss becomes NaN or infinite.
     * @throws TrainingInterruptedException when the thread is interrupted; checked before every step.
     */
    public static List<TrainingLoop.Result> train(
            MLPNetwork spec, List<Matrix> data, List<TrainingSettings> settings, Objective objective) {
        check(spec, data, settings);
        TrainingSettings first = settings.get(0);
        Device device = DMADEngine.device(first.device());
        return DMADEngine.train(
                first.seed(), first.threads(), device, () -> run(spec, data, settings, objective, device));
    }

    /**
     * Checks that members can train as one group.
     *
     * @param spec     the architecture.
     * @param data     each member's rows.
     * @param settings each member's settings.
     * @throws IllegalArgumentException naming the first difference.
     */
    static void check(MLPNetwork spec, List<Matrix> data, List<TrainingSettings> settings) {
        TrainingSettings first = firstOfGroup(data, settings);
        for (int g = 0; g < data.size(); g++) {
            Matrix m = data.get(g);
            if (m.rows() < 1) {
                throw new IllegalArgumentException("Member " + g + " of the group has no training rows");
            }
            if (m.columns() != spec.inputs()) {
                throw new IllegalArgumentException("Member " + g + " has " + m.columns() + " columns, the group's "
                        + "network " + spec.inputs() + " inputs");
            }
            if (batches(m.rows(), first.batchSize()) != batches(data.get(0).rows(), first.batchSize())) {
                throw new IllegalArgumentException("Members of a group need the same number of batches per epoch: "
                        + "member " + g + " has " + m.rows() + " rows (" + batches(m.rows(), first.batchSize())
                        + " batches of " + first.batchSize() + "), member 0 "
                        + data.get(0).rows() + " ("
                        + batches(data.get(0).rows(), first.batchSize()) + ")");
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

    private static List<TrainingLoop.Result> run(
            MLPNetwork spec, List<Matrix> data, List<TrainingSettings> settings, Objective objective, Device device) {
        Engine engine = DMADEngine.engine();
        int members = data.size();
        int[] n = new int[members];
        int nMax = 0;
        for (int g = 0; g < members; g++) {
            n[g] = data.get(g).rows();
            nMax = Math.max(nMax, n[g]);
        }
        int d = spec.inputs();
        TrainingSettings first = settings.get(0);
        // Equal batch counts (checked) make every member's batch b start at b * batchSize, or at 0 in one batch.
        int batch = Math.min(first.batchSize(), nMax);
        List<Random> randoms = new ArrayList<>(members);
        for (TrainingSettings s : settings) {
            randoms.add(new Random(s.seed()));
        }
        try (NDManager manager = NDManager.newBaseManager(device, engine.getEngineName())) {
            Network network = new Network(spec, members, manager);
            try (ParameterUpdate optimizer =
                    new FusedAdam(manager, network.parameters(), first.learningRate(), first.weightDecay())) {
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
                int batches = batches(n[0], first.batchSize());
                int epochs = first.epochLimit(batches);
                double[] meanLoss = new double[members];
                java.util.Arrays.fill(meanLoss, Double.NaN);
                int epoch = 0;
                int[] index = new int[members * nMax];
                while (epoch < epochs) {
                    for (int g = 0; g < members; g++) {
                        TrainingLoop.shuffle(orders[g], randoms.get(g));
                        for (int i = 0; i < nMax; i++) {
                            // Rows past a shorter member's end pad it (its first row; they count in no loss).
                            index[g * nMax + i] = g * nMax + (i < n[g] ? orders[g][i] : 0);
                        }
                    }
                    float[] losses;
                    try (NDManager epochManager = manager.newSubManager()) {
                        NDArray shuffled = x.get(epochManager.create(index));
                        shuffled.attach(epochManager);
                        if (members > 1) {
                            shuffled = shuffled.reshape(members, nMax, d);
                        }
                        NDList stepLosses = new NDList(batches);
                        for (int b = 0; b < batches; b++) {
                            if (Thread.currentThread().isInterrupted()) {
                                throw new TrainingInterruptedException(epoch);
                            }
                            int start = b * batch;
                            int[] rows = new int[members];
                            int end = start;
                            for (int g = 0; g < members; g++) {
                                rows[g] = Math.min(start + Math.min(batch, n[g]), n[g]) - start;
                                end = Math.max(end, start + rows[g]);
                            }
                            stepLosses.add(step(
                                    engine,
                                    epochManager,
                                    network,
                                    optimizer,
                                    objective,
                                    shuffled,
                                    start,
                                    end,
                                    randoms,
                                    rows));
                        }
                        losses = NDArrays.stack(stepLosses).toFloatArray();
                    }
                    epoch++;
                    double total = 0;
                    for (int g = 0; g < members; g++) {
                        double sum = 0;
                        for (int b = 0; b < batches; b++) {
                            sum += losses[b * members + g];
                        }
                        meanLoss[g] = sum / batches;
                        if (!Double.isFinite(meanLoss[g])) {
                            throw new IllegalStateException("Training diverged: the mean loss of member " + g
                                    + " (seed " + settings.get(g).seed() + ") in epoch " + epoch + " is "
                                    + meanLoss[g] + " (try a lower learningRate)");
                        }
                        total += meanLoss[g];
                    }
                    TrainingProgress.epochDone(epoch, epochs, total / members);
                }
                List<TrainingLoop.Result> results = new ArrayList<>(members);
                for (int g = 0; g < members; g++) {
                    results.add(new TrainingLoop.Result(
                            new NetworkHandle(spec, network.memberBytes(g, batch), first.device()),
                            epoch,
                            meanLoss[g],
                            batch));
                }
                return results;
            }
        }
    }

    /** One step of every member on rows start..end of its shuffled rows; returns the G losses, owned by manager. */
    private static NDArray step(
            Engine engine,
            NDManager manager,
            Network network,
            ParameterUpdate optimizer,
            Objective objective,
            NDArray shuffled,
            int start,
            int end,
            List<Random> randoms,
            int[] rows) {
        try (NDManager stepManager = manager.newSubManager()) {
            NDArray x0 = network.members() == 1
                    ? shuffled.get(new NDIndex().addSliceDim(start, end))
                    : shuffled.get(new NDIndex().addAllDim().addSliceDim(start, end));
            x0.attach(stepManager);
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray l = objective.losses(network, x0, randoms, rows);
                collector.backward(network.members() == 1 ? l : l.sum());
                loss = l.stopGradient().reshape(network.members());
                loss.attach(manager);
            }
            optimizer.step();
            return loss;
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
