package org.dmad.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training loop every dmad network uses: Adam with L2 weight decay ({@link AdamKernel}: PyTorch's fused kernel by
 * default, one native call per step, or DJL's per-tensor Adam), rows reshuffled every epoch with the last
 * partial batch kept, a sub-manager per step so that native memory stays flat, and the training data resident on
 * the training device. It runs under {@link DMADEngine#train}, so trainings are serialised per JVM and
 * bit-reproducible for the same data, seed and thread count.
 */
public final class TrainingLoop {

    private TrainingLoop() {}

    /** What a training produced. */
    public record Result(NetworkHandle network, int epochsRun, double finalLoss, int batchSize) {}

    /**
     * Trains a network.
     *
     * @param spec      the architecture.
     * @param data      the standardised training rows.
     * @param settings  the optimisation settings.
     * @param objective the loss of one step.
     * @param monitor   observes epochs and may stop early.
     * @return the trained network (parameters as bytes) and a summary.
     * @throws IllegalArgumentException when there is no data.
     * @throws IllegalStateException    when the loss becomes NaN or infinite.
     * @throws TrainingInterruptedException when the thread is interrupted; checked before every step.
     */
    public static Result train(
            NetworkSpec spec,
            Matrix data,
            TrainingSettings settings,
            DiffusionObjective objective,
            TrainingMonitor monitor) {
        return train(spec, data, settings, objective, monitor, false);
    }

    /**
     * Trains a network, optionally dropping the last partial batch of every epoch when at least one full batch
     * exists (PyTorch's {@code drop_last=True}). Networks with batch normalisation need it: a last batch of a single
     * row has no batch variance, and PyTorch's running-variance update then divides by zero. A set smaller than one
     * batch still trains, in one batch of all its rows.
     *
     * @param spec             the architecture.
     * @param data             the standardised training rows.
     * @param settings         the optimisation settings.
     * @param objective        the loss of one step.
     * @param monitor          observes epochs and may stop early.
     * @param dropPartialBatch true to skip each epoch's last partial batch when a full batch exists.
     * @return the trained network (parameters as bytes) and a summary.
     * @throws IllegalArgumentException when there is no data.
     * @throws IllegalStateException    when the loss becomes NaN or infinite.
     * @throws TrainingInterruptedException when the thread is interrupted; checked before every step.
     */
    public static Result train(
            NetworkSpec spec,
            Matrix data,
            TrainingSettings settings,
            DiffusionObjective objective,
            TrainingMonitor monitor,
            boolean dropPartialBatch) {
        if (data.rows() < 1) {
            throw new IllegalArgumentException("Cannot train on an empty dataset");
        }
        Device device = DMADEngine.device(settings.device());
        return DMADEngine.train(
                settings.seed(),
                settings.threads(),
                device,
                () -> run(spec, data, settings, objective, monitor, device, dropPartialBatch));
    }

    private static Result run(
            NetworkSpec spec,
            Matrix data,
            TrainingSettings settings,
            DiffusionObjective objective,
            TrainingMonitor monitor,
            Device device,
            boolean dropPartialBatch) {
        Engine engine = DMADEngine.engine();
        int n = data.rows();
        int batch = Math.min(settings.batchSize(), n);
        Random random = new Random(settings.seed());
        try (NDManager manager = NDManager.newBaseManager(device, engine.getEngineName())) {
            Block block = spec.build();
            block.initialize(manager, DataType.FLOAT32, spec.inputShapes(batch));
            ParameterStore store = new ParameterStore(manager, false);
            try (ParameterUpdate optimizer = optimizer(settings, manager, block)) {
                NDArray x = manager.create(data.data(), new ai.djl.ndarray.types.Shape(n, data.columns()));
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                int epoch = 0;
                double meanLoss = Double.NaN;
                boolean go = true;
                // With dropPartialBatch, n / batch full batches (at least one, since batch <= n).
                int limit = dropPartialBatch ? n - n % batch : n;
                int batches = (limit + batch - 1) / batch;
                int epochs = settings.epochLimit(batches);
                StagedObjective staged = objective instanceof StagedObjective s ? s : null;
                while (go && epoch < epochs) {
                    shuffle(order, random);
                    float[] losses;
                    // Per epoch, one host-to-device copy of the shuffled row order (and of a staged objective's
                    // values, drawn here for every step of the epoch in the steps' order) and one device-to-host copy
                    // of the step losses: the steps slice these on the device and keep their losses there, so a GPU
                    // never waits on the host between steps (an objective that is not staged uploads its own draws).
                    try (NDManager epochManager = manager.newSubManager()) {
                        NDArray shuffled = x.get(epochManager.create(order));
                        shuffled.attach(epochManager);
                        NDArray drawn =
                                staged == null ? null : drawEpoch(epochManager, staged, random, batches, batch, n);
                        NDList stepLosses = new NDList(batches);
                        for (int b = 0; b < batches; b++) {
                            if (Thread.currentThread().isInterrupted()) {
                                throw new TrainingInterruptedException(epoch);
                            }
                            int start = b * batch;
                            stepLosses.add(step(
                                    engine,
                                    epochManager,
                                    block,
                                    store,
                                    optimizer,
                                    objective,
                                    shuffled,
                                    drawn,
                                    start,
                                    Math.min(start + batch, n),
                                    random));
                        }
                        losses = NDArrays.stack(stepLosses).toFloatArray();
                    }
                    double sum = 0;
                    for (float l : losses) {
                        sum += l;
                    }
                    epoch++;
                    meanLoss = sum / batches;
                    if (!Double.isFinite(meanLoss)) {
                        throw new IllegalStateException("Training diverged: the mean loss of epoch " + epoch + " is "
                                + meanLoss + " (try a lower learningRate)");
                    }
                    TrainingProgress.epochDone(epoch, epochs, meanLoss);
                    go = monitor.afterEpoch(epoch, meanLoss);
                }
                return new Result(
                        new NetworkHandle(spec, NetworkHandle.parameterBytes(block), settings.device()),
                        epoch,
                        meanLoss,
                        batch);
            }
        }
    }

    private static ParameterUpdate optimizer(TrainingSettings settings, NDManager manager, Block block) {
        List<Parameter> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            // Batch normalisation's running statistics are updated by the forward pass, not the optimiser.
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
        if (settings.adam() == AdamKernel.FUSED) {
            List<NDArray> arrays = new ArrayList<>(trainable.size());
            for (Parameter p : trainable) {
                arrays.add(p.getArray());
            }
            return new FusedAdam(manager, arrays, settings.learningRate(), settings.weightDecay());
        }
        return new DjlAdam(trainable, settings);
    }

    /** DJL's Adam, one native call per parameter tensor ({@link AdamKernel#DJL}). */
    private static final class DjlAdam implements ParameterUpdate {
        private final List<Parameter> parameters;
        private final Optimizer adam;

        DjlAdam(List<Parameter> parameters, TrainingSettings settings) {
            this.parameters = parameters;
            this.adam = Adam.builder()
                    .optLearningRateTracker(Tracker.fixed((float) settings.learningRate()))
                    .optWeightDecays((float) settings.weightDecay())
                    .build();
        }

        @Override
        public void step() {
            for (Parameter p : parameters) {
                NDArray weight = p.getArray();
                // DJL's native Adam zeroes the gradient after the update.
                try (NDArray gradient = weight.getGradient()) {
                    adam.update(p.getId(), weight, gradient);
                }
            }
        }

        @Override
        public void close() {
            // DJL's Adam keeps its moments in the parameters' manager, which the training closes.
        }
    }

    /**
     * A staged objective's values for every step of an epoch, drawn in the steps' order and uploaded at once: shape
     * (rows of the epoch's batches, drawnPerRow), step b's rows at b * batch.
     */
    private static NDArray drawEpoch(
            NDManager manager, StagedObjective objective, Random random, int batches, int batch, int n) {
        int perRow = objective.drawnPerRow();
        int rows = Math.min(batches * batch, n);
        float[] values = new float[Math.multiplyExact(rows, perRow)];
        for (int b = 0; b < batches; b++) {
            int start = b * batch;
            objective.draw(random, Math.min(start + batch, n) - start, values, start * perRow);
        }
        return manager.create(values, new ai.djl.ndarray.types.Shape(rows, perRow));
    }

    /**
     * One optimiser step on rows start..end of the shuffled set (and of the epoch's drawn values, when the objective is
     * staged); returns its loss, detached, owned by manager.
     */
    private static NDArray step(
            Engine engine,
            NDManager manager,
            Block block,
            ParameterStore store,
            ParameterUpdate optimizer,
            DiffusionObjective objective,
            NDArray shuffled,
            NDArray drawn,
            int start,
            int end,
            Random random) {
        try (NDManager stepManager = manager.newSubManager()) {
            NDArray x0 = shuffled.get(new NDIndex().addSliceDim(start, end));
            // Results of an operation belong to its first operand's manager: move the batch to the step's manager
            // so that everything computed from it is freed when the step ends.
            x0.attach(stepManager);
            NDArray mine = null;
            if (drawn != null) {
                mine = drawn.get(new NDIndex().addSliceDim(start, end));
                mine.attach(stepManager);
            }
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray l = mine == null
                        ? objective.loss(block, store, x0, random)
                        : ((StagedObjective) objective).loss(block, store, x0, mine);
                collector.backward(l);
                // Detached, so that keeping it until the epoch ends does not keep the step's graph.
                loss = l.stopGradient();
                loss.attach(manager);
            }
            optimizer.step();
            return loss;
        }
    }

    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
