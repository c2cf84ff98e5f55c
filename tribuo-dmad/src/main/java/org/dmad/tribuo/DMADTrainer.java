package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dmad.engine.AdamKernel;
import org.dmad.engine.DMADEngine;
import org.dmad.engine.Matrix;
import org.dmad.engine.Standardizer;
import org.dmad.engine.TrainingSettings;
import org.dmad.provenance.EnvironmentProvenance;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * The settings and training steps every dmad trainer shares, in the shared setting vocabulary: {@code epochs,
 * batchSize, learningRate, weightDecay, seed, device, threads, contamination}. A detector adds its own settings and
 * implements {@link #fit}; this class checks and standardises the data, derives the seed of each invocation,
 * computes the contamination threshold, and records provenance (trainer settings from the {@code @Config} fields;
 * environment, engine versions, device and threads in the run provenance).
 */
public abstract class DMADTrainer implements Trainer<Event> {

    /** Run provenance key: the seed the training actually used (it differs from {@code seed} after the first call). */
    public static final String EFFECTIVE_SEED = "dmad.effective-seed";

    @Config(description = "Passes over the training rows.")
    private int epochs = 400;

    @Config(description = "Rows per training step; a training set smaller than one batch trains in one batch.")
    private int batchSize = 64;

    @Config(
            description = "Step budget, 0 for none: train min(epochs, ceil(maxSteps / batches per epoch)) epochs, "
                    + "so that training time stops growing with the number of rows.")
    private int maxSteps = 0;

    @Config(description = "Adam learning rate.")
    private double learningRate = 1e-4;

    @Config(description = "L2 weight decay added to the gradient (classic Adam, not AdamW).")
    private double weightDecay = 5e-4;

    @Config(
            description =
                    "Adam implementation: fused (PyTorch's fused Adam kernel, torch.optim.Adam's arithmetic, one "
                            + "native call per step) or djl (DJL's per-tensor Adam; epsilon added after the bias correction; what "
                            + "records without this setting were trained with). Same algorithm; the trained numbers differ in rounding.")
    @ConfigValues(AdamKernel.class)
    private String adamKernel = "fused";

    @Config(description = "Seed of shuffling, timestep sampling, initialisation, noise and dropout.")
    private long seed = Trainer.DEFAULT_SEED;

    @Config(description = "Device: cpu, gpu, gpu:N or auto (the first GPU if one is visible, else cpu).")
    @ConfigValues(
            names = {"cpu", "auto", "gpu"},
            open = true)
    private String device = "cpu";

    @Config(
            description =
                    "PyTorch intra-op threads; 0 means automatic (1 for training: measured faster than more for these networks).")
    private int threads = 0;

    @Config(
            description = "Expected share of anomalies: scores above the (1 - contamination) quantile of the "
                    + "training scores are predicted ANOMALOUS.")
    private double contamination = 0.1;

    private int invocationCount = 0;

    /** For OLCUT: every setting at its default. */
    protected DMADTrainer() {}

    /**
     * For detectors whose reference trains with another L2 weight decay than the shared default; every other setting
     * at its default.
     *
     * @param weightDecay the detector's default weight decay.
     */
    protected DMADTrainer(double weightDecay) {
        this.weightDecay = weightDecay;
    }

    /**
     * Validates the shared settings ({@link SettingCheck}); detectors extend it with their own checks.
     *
     * @throws PropertyException naming the first invalid setting.
     */
    @Override
    public void postConfig() {
        SettingCheck.atLeast("epochs", epochs, 1);
        SettingCheck.atLeast("batchSize", batchSize, 1);
        SettingCheck.zeroOrPositive("maxSteps", maxSteps, "no budget");
        SettingCheck.positiveFinite("learningRate", learningRate);
        SettingCheck.nonNegativeFinite("weightDecay", weightDecay);
        SettingCheck.oneOf("adamKernel", adamKernel, AdamKernel.class, AdamKernel::configName);
        SettingCheck.device("device", device);
        SettingCheck.zeroOrPositive("threads", threads, "automatic");
        if (!(contamination > 0 && contamination <= 0.5)) {
            throw SettingCheck.invalid("contamination", "contamination must be in (0, 0.5], got " + contamination);
        }
    }

    /**
     * A detector's name for messages.
     *
     * @return e.g. "DTE-Categorical".
     */
    protected abstract String detectorName();

    /**
     * The fewest training rows the detector can learn from.
     *
     * @return at least 1.
     */
    protected int minimumRows() {
        return 2;
    }

    /**
     * The fewest training rows this trainer accepts with its current settings, for front ends that declare it.
     *
     * @return at least 1.
     */
    public final int getMinimumRows() {
        return minimumRows();
    }

    /**
     * Trains the detector on standardised rows and builds its model.
     *
     * @param rows     the training rows, standardised.
     * @param settings the optimisation settings with this invocation's seed.
     * @param context  what the model needs besides the detector's own state.
     * @return the model.
     */
    protected abstract DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context);

    /**
     * What {@link #fit} passes on to the model it builds.
     *
     * @param provenance   the model provenance.
     * @param featureMap   the training features.
     * @param outputInfo   the training outputs.
     * @param standardizer the training statistics.
     * @param contamination the share of anomalies for the threshold.
     */
    protected record ModelContext(
            ModelProvenance provenance,
            ImmutableFeatureMap featureMap,
            ImmutableOutputInfo<Event> outputInfo,
            Standardizer standardizer,
            double contamination) {

        /**
         * The decision threshold from the training scores.
         *
         * @param trainingScores the model's scores of its training rows.
         * @return the (1 - contamination) quantile.
         */
        public double threshold(double[] trainingScores) {
            return quantile(trainingScores, 1.0 - contamination);
        }

        /**
         * The parts of the model this context trains.
         *
         * @param name           the model name.
         * @param trainingScores the model's scores of its training rows, for the threshold.
         * @return the parts.
         */
        public DMADModel.Parts parts(String name, double[] trainingScores) {
            return new DMADModel.Parts(
                    name, provenance, featureMap, outputInfo, standardizer, threshold(trainingScores));
        }
    }

    @Override
    public final DMADModel train(Dataset<Event> dataset) {
        return train(dataset, Map.of());
    }

    @Override
    public final DMADModel train(Dataset<Event> dataset, Map<String, Provenance> runProvenance) {
        return train(dataset, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public final DMADModel train(Dataset<Event> dataset, Map<String, Provenance> runProvenance, int invocationCount) {
        Prepared p = prepare(dataset, runProvenance, invocationCount);
        return fit(p.rows(), p.settings(), p.context());
    }

    /**
     * A training made ready for {@link #fit}: what {@link #train(Dataset, Map, int)} does before fitting.
     *
     * @param rows     the standardised training rows.
     * @param settings the optimisation settings with the invocation's seed.
     * @param context  the model context (provenance, features, standardiser, contamination).
     */
    record Prepared(Matrix rows, TrainingSettings settings, ModelContext context) {}

    /**
     * Checks and standardises the data, derives the invocation's seed and builds the provenance, as a training does.
     *
     * @param dataset         the training data.
     * @param runProvenance   extra run provenance.
     * @param invocationCount the invocation count to use, or {@link #INCREMENT_INVOCATION_COUNT}.
     * @return the prepared training.
     */
    Prepared prepare(Dataset<Event> dataset, Map<String, Provenance> runProvenance, int invocationCount) {
        ImmutableFeatureMap featureMap = dataset.getFeatureIDMap();
        double[] raw = ExampleRows.training(dataset, featureMap, minimumRows(), detectorName());
        return prepare(
                raw, featureMap, dataset.getOutputIDInfo(), dataset.getProvenance(), runProvenance, invocationCount);
    }

    /**
     * Checks dense rows ({@link ExampleRows#trainingRows}) and prepares their training as {@link #prepare(Dataset,
     * Map, int)} prepares a dataset of the same rows.
     *
     * @param rows            row-major raw values, {@code names.length} per row, in the order of {@code names}.
     * @param names           the feature names.
     * @param event           every row's output.
     * @param source          the provenance of the rows' source.
     * @param runProvenance   extra run provenance.
     * @param invocationCount the invocation count to use, or {@link #INCREMENT_INVOCATION_COUNT}.
     * @return the prepared training.
     */
    Prepared prepare(
            double[] rows,
            String[] names,
            Event event,
            DataProvenance source,
            Map<String, Provenance> runProvenance,
            int invocationCount) {
        ExampleRows.TrainingRows t =
                ExampleRows.trainingRows(rows, names, event, source, minimumRows(), detectorName());
        return prepare(t.values(), t.featureMap(), t.outputInfo(), t.provenance(), runProvenance, invocationCount);
    }

    /**
     * Standardises checked raw rows, derives the invocation's seed and builds the provenance, as a training does.
     *
     * @param raw               the checked raw rows, row-major in feature-id order.
     * @param featureMap        their features.
     * @param outputInfo        their outputs.
     * @param datasetProvenance the provenance of the dataset they came from.
     * @param runProvenance     extra run provenance.
     * @param invocationCount   the invocation count to use, or {@link #INCREMENT_INVOCATION_COUNT}.
     * @return the prepared training.
     */
    private Prepared prepare(
            double[] raw,
            ImmutableFeatureMap featureMap,
            ImmutableOutputInfo<Event> outputInfo,
            DatasetProvenance datasetProvenance,
            Map<String, Provenance> runProvenance,
            int invocationCount) {
        int d = featureMap.size();
        Standardizer standardizer = standardizer(raw, featureMap);
        Matrix rows = standardizer.apply(raw, d);

        TrainerProvenance trainerProvenance;
        long effectiveSeed;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            trainerProvenance = getProvenance();
            effectiveSeed = effectiveSeed(seed, this.invocationCount);
            this.invocationCount++;
        }
        TrainingSettings settings = trainingSettings(effectiveSeed);
        Map<String, Provenance> run = new LinkedHashMap<>(runProvenance);
        run.putAll(EnvironmentProvenance.toProvenance(EnvironmentProvenance.facts(DMADEngine.ompWaitPolicy())));
        run.putAll(EnvironmentProvenance.toProvenance(DMADEngine.facts(DMADEngine.device(device), threads)));
        run.put(EFFECTIVE_SEED, new LongProvenance(EFFECTIVE_SEED, effectiveSeed));
        ModelProvenance provenance =
                new ModelProvenance(modelClassName(), OffsetDateTime.now(), datasetProvenance, trainerProvenance, run);
        return new Prepared(
                rows, settings, new ModelContext(provenance, featureMap, outputInfo, standardizer, contamination));
    }

    /**
     * Trains on dense rows without Tribuo examples (the benchmark harness's path): the same model, bit for bit, as
     * {@link #train(Dataset)} trains on a {@link org.tribuo.MutableDataset} of {@link org.tribuo.impl.ArrayExample}s
     * holding the same rows, names and event, read from a data source with the given provenance; its feature and
     * output domains and its dataset provenance are that dataset's, and the input checks are the same
     * ({@link ExampleRows#trainingRows}).
     *
     * @param rows   row-major raw values, {@code names.length} per row, in the order of {@code names}.
     * @param names  the feature names.
     * @param event  every row's output: {@link org.tribuo.anomaly.AnomalyFactory#EXPECTED_EVENT} for normal rows,
     *               {@link org.tribuo.anomaly.AnomalyFactory#UNKNOWN_EVENT} for unlabelled ones.
     * @param source the provenance of the rows' source.
     * @return the trained model.
     * @throws IllegalArgumentException when the rows do not suit the detector.
     */
    public final DMADModel trainRows(double[] rows, String[] names, Event event, DataProvenance source) {
        return trainRows(rows, names, event, source, Map.of());
    }

    /**
     * As {@link #trainRows(double[], String[], Event, DataProvenance)}, with extra run provenance as
     * {@link #train(Dataset, Map)} takes it.
     *
     * @param rows          row-major raw values, {@code names.length} per row, in the order of {@code names}.
     * @param names         the feature names.
     * @param event         every row's output.
     * @param source        the provenance of the rows' source.
     * @param runProvenance extra run provenance.
     * @return the trained model.
     * @throws IllegalArgumentException when the rows do not suit the detector.
     */
    public final DMADModel trainRows(
            double[] rows, String[] names, Event event, DataProvenance source, Map<String, Provenance> runProvenance) {
        Prepared p = prepare(rows, names, event, source, runProvenance, INCREMENT_INVOCATION_COUNT);
        return fit(p.rows(), p.settings(), p.context());
    }

    /**
     * Trains several models of this detector together as one batched network ({@link TrainingGroup}). Detectors that
     * support grouped training override it; the members share this trainer's settings but the seed.
     *
     * @param rows     each member's standardised rows.
     * @param settings each member's settings.
     * @param contexts each member's model context.
     * @return one model per member, in order.
     * @throws UnsupportedOperationException when the detector does not train in groups.
     */
    List<DMADModel> fitGroup(List<Matrix> rows, List<TrainingSettings> settings, List<ModelContext> contexts) {
        throw new UnsupportedOperationException(detectorName() + " does not train in groups (grouped training supports "
                + TrainingGroup.DETECTORS + ")");
    }

    /**
     * The optimiser steps per epoch of this detector's training on a number of rows: members of one group need the
     * same number. The last partial batch is kept unless the detector drops it ({@link DenoiserTrainer}).
     *
     * @param rows the training rows, at least 1.
     * @return the steps per epoch.
     */
    int groupBatches(int rows) {
        return TrainingGroup.batchesPerEpoch(rows, getBatchSize());
    }

    /**
     * Whether {@link #fitGroup} trains groups.
     *
     * @return true for detectors with grouped training.
     */
    public boolean trainsInGroups() {
        return false;
    }

    /**
     * Whether the members of a group may come from different datasets: different widths and different numbers of
     * batches per epoch ({@link TrainingGroup}). Detectors that train in groups but return false need members of one
     * width and one number of batches per epoch (the seeds of one dataset).
     *
     * @return true for detectors whose grouped training pads widths and runs each member's own steps.
     */
    public boolean groupsAcrossDatasets() {
        return false;
    }

    /**
     * Trains this detector as a part of a composite detector ({@link LatentTrainer}, {@link HybridTrainer}) on rows
     * the composite has already prepared, with this trainer's own settings but the given seed. The part's model gets
     * its own provenance: its model class and this trainer's settings, with the composite's dataset, training time
     * and run provenance (the effective seed replaced by {@code seed}).
     *
     * @param rows         standardised rows: the composite's training rows, or rows derived from them.
     * @param featureMap   the features of those rows.
     * @param standardizer the statistics the rows were standardised with.
     * @param composite    the composite's context.
     * @param seed         the seed of this part.
     * @return the part's model.
     */
    DMADModel fitPart(
            Matrix rows, ImmutableFeatureMap featureMap, Standardizer standardizer, ModelContext composite, long seed) {
        ModelProvenance c = composite.provenance();
        Map<String, Provenance> run =
                new LinkedHashMap<>(c.getInstanceProvenance().getMap());
        run.put(EFFECTIVE_SEED, new LongProvenance(EFFECTIVE_SEED, seed));
        ModelProvenance provenance = new ModelProvenance(
                modelClassName(), c.getTrainingTime(), c.getDatasetProvenance(), getProvenance(), run);
        return fit(
                rows,
                trainingSettings(seed),
                new ModelContext(provenance, featureMap, composite.outputInfo(), standardizer, contamination));
    }

    /**
     * Fits the standardisation of the training rows: column-wise statistics unless a detector knows better (the
     * series detector pools each channel's statistics over time steps).
     *
     * @param raw        the raw training rows, row-major, every value finite.
     * @param featureMap their features.
     * @return the standardiser.
     * @throws IllegalArgumentException when the features do not suit the detector.
     */
    protected Standardizer standardizer(double[] raw, ImmutableFeatureMap featureMap) {
        return Standardizer.fit(raw, featureMap.size());
    }

    /**
     * The class name of the model this trainer builds, for its provenance.
     *
     * @return the fully qualified model class name.
     */
    protected abstract String modelClassName();

    private TrainingSettings trainingSettings(long effectiveSeed) {
        return new TrainingSettings(
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                effectiveSeed,
                threads,
                device,
                maxSteps,
                AdamKernel.parse(adamKernel));
    }

    /**
     * The seed of the n-th training by one trainer: the configured seed for the first, then a deterministic
     * sequence derived from it, so that repeated calls train different but reproducible models (as Tribuo's
     * trainers do).
     *
     * @param seed       the configured seed.
     * @param invocation the invocation count before this training.
     * @return the seed to train with.
     */
    public static long effectiveSeed(long seed, int invocation) {
        if (invocation == 0) {
            return seed;
        }
        SplittableRandom r = new SplittableRandom(seed);
        long s = seed;
        for (int i = 0; i < invocation; i++) {
            s = r.nextLong();
        }
        return s;
    }

    /**
     * The q-quantile with linear interpolation between order statistics (numpy's default).
     *
     * @param values the values (not modified).
     * @param q      in [0, 1].
     * @return the quantile.
     */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("No values to take a quantile of");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    @Override
    public synchronized int getInvocationCount() {
        return invocationCount;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("The invocation count must be non-negative, got " + invocationCount);
        }
        this.invocationCount = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    /** @return the epochs setting. */
    public int getEpochs() {
        return epochs;
    }

    /** @return the batch size setting. */
    public int getBatchSize() {
        return batchSize;
    }

    /** @return the step budget setting, 0 for none. */
    public int getMaxSteps() {
        return maxSteps;
    }

    /** @return the learning rate setting. */
    public double getLearningRate() {
        return learningRate;
    }

    /** @return the weight decay setting. */
    public double getWeightDecay() {
        return weightDecay;
    }

    /** @return the Adam implementation setting, {@code fused} or {@code djl}. */
    public String getAdamKernel() {
        return adamKernel;
    }

    /** @return the seed setting. */
    public long getSeed() {
        return seed;
    }

    /** @return the device setting. */
    public String getDevice() {
        return device;
    }

    /** @return the threads setting. */
    public int getThreads() {
        return threads;
    }

    /** @return the contamination setting. */
    public double getContamination() {
        return contamination;
    }

    /**
     * The settings as text: the class name and every {@code @Config} field, the shared ones first, in declaration
     * order (the fields the trainer provenance records).
     *
     * @return e.g. "DDPMTrainer(epochs=400,batchSize=64,...)".
     */
    @Override
    public String toString() {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = getClass(); c != null && DMADTrainer.class.isAssignableFrom(c); c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        StringJoiner out = new StringJoiner(",", getClass().getSimpleName() + "(", ")");
        for (Class<?> c : hierarchy) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Config.class) && !Modifier.isStatic(f.getModifiers())) {
                    try {
                        f.setAccessible(true);
                        out.add(f.getName() + "=" + f.get(this));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("Cannot read the setting " + f.getName(), e);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * The builder of a trainer. It records the assignments of its setter methods and replays them, in order, onto a
     * trainer made by the trainer's no-argument constructor, so that each setting's default is written once, in its
     * {@code @Config} field; {@link #build()} then validates the trainer ({@code postConfig()}) as OLCUT does. Every
     * {@link #build()} makes a new trainer, so a builder can be reused and changed after building.
     *
     * @param <T> the trainer.
     * @param <B> the concrete builder.
     */
    public abstract static class Builder<T extends DMADTrainer, B extends Builder<T, B>> {
        private final Supplier<T> defaults;
        private final List<Consumer<? super T>> assignments = new ArrayList<>();

        /**
         * A builder with every setting at the trainer's default.
         *
         * @param defaults makes a trainer with every setting at its default (its no-argument constructor).
         */
        protected Builder(Supplier<T> defaults) {
            this.defaults = defaults;
        }

        /**
         * Records an assignment of settings; the setter methods, and the setting groups shared by several builders
         * ({@link DenoiserTrainer.DenoiserSettings}), are one-line calls of it.
         *
         * @param assignment sets fields of the trainer under construction.
         * @return this builder.
         */
        @SuppressWarnings("unchecked")
        public final B assign(Consumer<? super T> assignment) {
            assignments.add(assignment);
            return (B) this;
        }

        /**
         * Builds and validates the trainer.
         *
         * @return a new trainer with the recorded settings.
         * @throws PropertyException naming an invalid setting.
         */
        public T build() {
            T trainer = defaults.get();
            for (Consumer<? super T> a : assignments) {
                a.accept(trainer);
            }
            trainer.postConfig();
            return trainer;
        }

        /**
         * @param epochs passes over the training rows.
         * @return this builder.
         */
        public B epochs(int epochs) {
            return assign((DMADTrainer t) -> t.epochs = epochs);
        }

        /**
         * @param batchSize rows per training step.
         * @return this builder.
         */
        public B batchSize(int batchSize) {
            return assign((DMADTrainer t) -> t.batchSize = batchSize);
        }

        /**
         * @param maxSteps a step budget, 0 for none: at most {@code ceil(maxSteps / batches per epoch)} epochs.
         * @return this builder.
         */
        public B maxSteps(int maxSteps) {
            return assign((DMADTrainer t) -> t.maxSteps = maxSteps);
        }

        /**
         * @param learningRate Adam's learning rate.
         * @return this builder.
         */
        public B learningRate(double learningRate) {
            return assign((DMADTrainer t) -> t.learningRate = learningRate);
        }

        /**
         * @param weightDecay L2 weight decay.
         * @return this builder.
         */
        public B weightDecay(double weightDecay) {
            return assign((DMADTrainer t) -> t.weightDecay = weightDecay);
        }

        /**
         * @param adamKernel the Adam implementation: {@code fused} (the default) or {@code djl}.
         * @return this builder.
         */
        public B adamKernel(String adamKernel) {
            return assign((DMADTrainer t) -> t.adamKernel = adamKernel);
        }

        /**
         * @param seed the random seed.
         * @return this builder.
         */
        public B seed(long seed) {
            return assign((DMADTrainer t) -> t.seed = seed);
        }

        /**
         * @param device cpu, gpu, gpu:N or auto.
         * @return this builder.
         */
        public B device(String device) {
            return assign((DMADTrainer t) -> t.device = device);
        }

        /**
         * @param threads PyTorch intra-op threads, 0 for automatic.
         * @return this builder.
         */
        public B threads(int threads) {
            return assign((DMADTrainer t) -> t.threads = threads);
        }

        /**
         * @param contamination the expected share of anomalies, in (0, 0.5].
         * @return this builder.
         */
        public B contamination(double contamination) {
            return assign((DMADTrainer t) -> t.contamination = contamination);
        }
    }
}
