package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmad.engine.Matrix;
import org.dmad.engine.Standardizer;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.provenance.ModelProvenance;

/**
 * What every dmad Tribuo model shares: raw features are standardised with the training statistics kept in the
 * model, scored in batches by the detector, and turned into {@code Event(ANOMALOUS or EXPECTED, score)} with the
 * contamination threshold. A higher score always means more anomalous.
 * <p>
 * Models are immutable and safe to use for prediction from several threads. They hold native memory once used;
 * {@link #close()} releases it, after which the model refuses to score ({@link IllegalStateException}); a copy
 * ({@link #copy()}) or a model loaded again from its file scores as before.
 * <p>
 * A row's score does not depend on the other rows scored with it: {@code predict(example)}, {@code predict(list)},
 * {@link #score} and {@link #getExcuse} give the same bits for the same row (see
 * {@link org.dmad.engine.BatchScorer}).
 */
public abstract class DMADModel extends Model<Event> implements AutoCloseable {

    private static final long serialVersionUID = 1L;

    /** The key of the feature ranking in an {@link Excuse} from {@link #getExcuse(Example)}. */
    public static final String EXCUSE_KEY = "anomaly-score";

    /** Rows scored per batch by {@link #predict(Iterable)}. */
    public static final int PREDICT_BATCH = 1024;

    /** Standardisation with training statistics. */
    protected final Standardizer standardizer;
    /** Scores above it are ANOMALOUS: the (1 - contamination) quantile of the training scores. */
    protected final double threshold;
    /** Set by {@link #close()}; a deserialized or copied model starts open. */
    private transient volatile boolean closed;

    /**
     * What every dmad model is made of besides its detector's own state: Tribuo's name, provenance and domains, the
     * training standardisation and the decision threshold. Trainers build it from their model context, copies rename
     * it ({@link #renamed}), and the protobuf readers read it from the payload's common fields
     * ({@code ModelProtos.parts}).
     *
     * @param name         the model name.
     * @param provenance   the model provenance.
     * @param featureIDMap the training features.
     * @param outputIDInfo the training outputs.
     * @param standardizer the training statistics.
     * @param threshold    the decision threshold on scores.
     */
    public record Parts(
            String name,
            ModelProvenance provenance,
            ImmutableFeatureMap featureIDMap,
            ImmutableOutputInfo<Event> outputIDInfo,
            Standardizer standardizer,
            double threshold) {

        /**
         * The same parts under another name and provenance, for {@code Model.copy}.
         *
         * @param newName       the name.
         * @param newProvenance the provenance.
         * @return the parts.
         */
        public Parts renamed(String newName, ModelProvenance newProvenance) {
            return new Parts(newName, newProvenance, featureIDMap, outputIDInfo, standardizer, threshold);
        }
    }

    /**
     * A model from its parts.
     *
     * @param parts the shared parts.
     * @throws IllegalArgumentException when the standardiser's width differs from the feature map's.
     */
    protected DMADModel(Parts parts) {
        super(parts.name(), parts.provenance(), parts.featureIDMap(), parts.outputIDInfo(), false);
        if (parts.standardizer().columns() != featureIDMap.size()) {
            throw new IllegalArgumentException(
                    "The standardiser has " + parts.standardizer().columns() + " columns but the feature map has "
                            + featureIDMap.size() + " features");
        }
        this.standardizer = parts.standardizer();
        this.threshold = parts.threshold();
    }

    /**
     * This model's shared parts.
     *
     * @return the parts, as the model holds them.
     */
    protected final Parts parts() {
        return new Parts(name, provenance, featureIDMap, outputIDInfo, standardizer, threshold);
    }

    /**
     * Tribuo's metadata of this model, for the protobuf writers ({@code ModelProtos.withParts}).
     *
     * @return the carrier.
     */
    final ModelDataCarrier<Event> dataCarrier() {
        return createDataCarrier();
    }

    /**
     * Scores standardised rows.
     *
     * @param rows rows standardised with the training statistics.
     * @return one score per row, higher = more anomalous.
     */
    protected abstract double[] scoreStandardized(Matrix rows);

    /**
     * The scores of the rows this model was trained on, as its threshold saw them; composite detectors
     * ({@link LatentModel}, {@link HybridModel}) standardise a part's scores with these. Most detectors score their
     * training rows like any other rows; a detector that keeps its training rows overrides this to leave each row out
     * of its own neighbourhood ({@link DTENonParametricModel}).
     *
     * @param trainingRows the standardised rows the model was trained on.
     * @return one score per training row.
     */
    double[] trainingScores(Matrix trainingRows) {
        return scoreStandardized(trainingRows);
    }

    /**
     * The anomaly threshold: scores above it are predicted ANOMALOUS.
     *
     * @return the (1 - contamination) quantile of the training scores.
     */
    public double getThreshold() {
        return threshold;
    }

    /**
     * The training standardisation statistics.
     *
     * @return the standardiser.
     */
    public Standardizer getStandardizer() {
        return standardizer;
    }

    /**
     * The string facts of the run provenance: environment, DJL and PyTorch versions, device, threads, and the
     * effective seed (see {@link org.dmad.provenance.EnvironmentProvenance} and
     * {@link org.dmad.engine.DMADEngine}).
     *
     * @return the facts by key.
     */
    public Map<String, String> getRunFacts() {
        var run = provenance.getInstanceProvenance().getMap();
        Map<String, String> facts =
                new java.util.LinkedHashMap<>(org.dmad.provenance.EnvironmentProvenance.fromProvenance(run));
        var seed = run.get(DMADTrainer.EFFECTIVE_SEED);
        if (seed instanceof com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance l) {
            facts.put(DMADTrainer.EFFECTIVE_SEED, Long.toString(l.getValue()));
        }
        return facts;
    }

    /**
     * Raw anomaly scores of examples, without thresholding.
     *
     * @param examples the examples.
     * @return one score per example, higher = more anomalous.
     */
    public double[] score(List<? extends Example<Event>> examples) {
        ensureOpen();
        if (examples.isEmpty()) {
            return new double[0];
        }
        int d = featureIDMap.size();
        return scoreStandardized(standardizer.apply(ExampleRows.scoring(examples, featureIDMap, null), d));
    }

    /**
     * Raw anomaly scores of rows given as plain values, without building Tribuo examples (for streaming many rows).
     *
     * @param rows row-major raw values, {@code getFeatureIDMap().size()} per row, in feature-id order (feature ids
     *             follow the sorted feature names).
     * @return one score per row, higher = more anomalous.
     * @throws IllegalArgumentException when the values do not make whole rows or are not all finite.
     */
    public double[] scoreRows(double[] rows) {
        ensureOpen();
        int d = featureIDMap.size();
        if (rows.length % d != 0) {
            throw new IllegalArgumentException(rows.length + " values do not make rows of " + d + " features");
        }
        for (int i = 0; i < rows.length; i++) {
            if (!Double.isFinite(rows[i])) {
                throw new IllegalArgumentException("Row " + i / d + ", feature "
                        + featureIDMap.get(i % d).getName() + " is " + rows[i] + "; every value must be finite");
            }
        }
        return rows.length == 0 ? new double[0] : scoreStandardized(standardizer.apply(rows, d));
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        ensureOpen();
        return toPredictions(List.of(example)).get(0);
    }

    @Override
    protected List<Prediction<Event>> innerPredict(Iterable<Example<Event>> examples) {
        ensureOpen();
        List<Prediction<Event>> out = new ArrayList<>();
        List<Example<Event>> chunk = new ArrayList<>(PREDICT_BATCH);
        for (Example<Event> e : examples) {
            chunk.add(e);
            if (chunk.size() == PREDICT_BATCH) {
                out.addAll(toPredictions(chunk));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            out.addAll(toPredictions(chunk));
        }
        return out;
    }

    private List<Prediction<Event>> toPredictions(List<Example<Event>> chunk) {
        int[] known = new int[chunk.size()];
        double[] scores = scoreStandardized(
                standardizer.apply(ExampleRows.scoring(chunk, featureIDMap, known), featureIDMap.size()));
        List<Prediction<Event>> out = new ArrayList<>(chunk.size());
        for (int i = 0; i < scores.length; i++) {
            Event.EventType type = scores[i] > threshold ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED;
            Example<Event> e = chunk.get(i);
            out.add(new Prediction<>(new Event(type, scores[i]), known[i], e));
        }
        return out;
    }

    /**
     * dmad detectors have no global feature ranking.
     *
     * @param n ignored.
     * @return an empty map.
     */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    /**
     * Per-feature contributions to the anomaly score of one standardised row; a detector that can explain itself
     * overrides this (each documents its method).
     *
     * @param row one standardised row (1 x d).
     * @return contributions in feature-id order (higher = pushes the score up more), or null when the detector
     * offers no explanation.
     */
    protected double[] featureContributions(Matrix row) {
        return null;
    }

    /**
     * Explains a prediction: the features ranked by their contribution to the anomaly score, under the key
     * {@link #EXCUSE_KEY}, highest first.
     *
     * @param example the example.
     * @return the excuse, or empty when the detector offers no explanation.
     */
    @Override
    public Optional<Excuse<Event>> getExcuse(Example<Event> example) {
        ensureOpen();
        int d = featureIDMap.size();
        Matrix row = standardizer.apply(ExampleRows.scoring(List.of(example), featureIDMap, null), d);
        double[] contributions = featureContributions(row);
        if (contributions == null) {
            return Optional.empty();
        }
        List<Pair<String, Double>> ranked = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            ranked.add(new Pair<>(featureIDMap.get(j).getName(), contributions[j]));
        }
        ranked.sort((a, b) -> Double.compare(b.getB(), a.getB()));
        return Optional.of(new Excuse<>(example, predict(example), Map.of(EXCUSE_KEY, ranked)));
    }

    /**
     * Chooses the device this model scores on. The device a model was trained on is provenance (its run facts and
     * saved file keep it), not a requirement:
     * <ul>
     *   <li>{@code null} (the default): the device the model was trained on where it is visible on this machine,
     *       else the CPU, so a model trained on a GPU scores on a machine without one;</li>
     *   <li>{@code cpu}: the CPU, without touching CUDA;</li>
     *   <li>{@code gpu} or {@code gpu:N}: that GPU; scoring fails, naming the visible devices, when it is not
     *       visible;</li>
     *   <li>{@code auto}: the first GPU when one is visible, else the CPU.</li>
     * </ul>
     * Scores do not depend on the device beyond floating-point rounding. The choice is not saved with the model;
     * copies of the model ({@link #copy()} and the {@code with...} variants) keep it. Native memory on the previous
     * device is released; do not call this while the model is scoring.
     *
     * @param device the device setting, or null for the default.
     * @throws IllegalArgumentException when the setting is none of the above.
     */
    public void setScoringDevice(String device) {
        String s = device == null ? null : org.dmad.engine.DMADEngine.checkDeviceSetting(device);
        applyScoringDevice(s);
    }

    /**
     * Passes a checked scoring device setting to every network and device-resident part of the model.
     *
     * @param device {@code cpu}, {@code gpu}, {@code gpu:N}, {@code auto}, or null for the default.
     */
    protected abstract void applyScoringDevice(String device);

    /**
     * Releases the native memory of the model's network(s); from then on the model refuses to score. Closing twice
     * is harmless.
     */
    @Override
    public final void close() {
        closed = true;
        releaseNative();
    }

    /**
     * Whether {@link #close()} was called on this instance.
     *
     * @return true once closed.
     */
    public boolean isClosed() {
        return closed;
    }

    /** Releases the native memory of the model's network(s); called by {@link #close()}. */
    protected abstract void releaseNative();

    /**
     * Refuses to work on a closed model.
     *
     * @throws IllegalStateException when {@link #close()} was called.
     */
    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This " + getClass().getSimpleName() + " (" + name + ") is closed and "
                    + "cannot score; use the model before closing it, or load it again from its file");
        }
    }
}
