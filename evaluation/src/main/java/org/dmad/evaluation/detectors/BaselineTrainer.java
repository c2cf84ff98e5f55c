package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.time.OffsetDateTime;
import java.util.Map;
import org.dmad.tribuo.DMADTrainer;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * What the baseline trainers share (isolation forest, one-class SVM, PCA, KMeansAD): Tribuo's invocation count and
 * the seed it derives, the check of the training rows, the trainer and model provenance, and the threshold at the
 * contamination quantile of the training scores. A baseline declares its settings as {@code @Config} fields of its
 * own class (so its OLCUT configuration and provenance are its own) and fits in {@link #fit}.
 *
 * @param <M> the model the baseline trains.
 */
public abstract class BaselineTrainer<M extends Model<Event>> implements Trainer<Event> {

    private int invocationCount = 0;

    /** For the subclasses. */
    protected BaselineTrainer() {}

    /**
     * What one training has to work with: the data, the provenance to record and the invocation it is.
     *
     * @param dataset       the training rows.
     * @param trainer       the trainer's provenance, taken before the invocation count moved on.
     * @param runProvenance the caller's run provenance.
     * @param invocation    the invocation count before this training.
     */
    protected record Fitting(
            Dataset<Event> dataset, TrainerProvenance trainer, Map<String, Provenance> runProvenance, int invocation) {

        /**
         * @param seed the configured seed.
         * @return the seed of this training ({@link DMADTrainer#effectiveSeed}: the configured seed the first time).
         */
        public long seed(long seed) {
            return DMADTrainer.effectiveSeed(seed, invocation);
        }

        /**
         * @param modelClass the class of the model trained.
         * @return the model's provenance, naming that class.
         */
        public ModelProvenance provenance(Class<?> modelClass) {
            return new ModelProvenance(
                    modelClass.getName(), OffsetDateTime.now(), dataset.getProvenance(), trainer, runProvenance);
        }

        /** @return the training rows, dense in the feature map's order, row after row. */
        public double[] rows() {
            ImmutableFeatureMap map = dataset.getFeatureIDMap();
            int d = map.size();
            double[] out = new double[dataset.size() * d];
            int i = 0;
            for (Example<Event> e : dataset) {
                System.arraycopy(DenseRows.row(e, map), 0, out, i++ * d, d);
            }
            return out;
        }
    }

    /** @return the detector's name in messages, e.g. "Isolation forest". */
    protected abstract String detectorName();

    /** @return the fewest training rows the baseline trains on; 2 unless a subclass needs more. */
    protected int minimumRows() {
        return 2;
    }

    /**
     * Trains the model.
     *
     * @param fitting the data, provenance and invocation of this training.
     * @return the model, with its threshold.
     */
    protected abstract M fit(Fitting fitting);

    /**
     * The threshold of the ANOMALOUS/EXPECTED prediction.
     *
     * @param trainingScores the scores of the training rows.
     * @param contamination  the expected share of anomalies.
     * @return the (1 - contamination)-quantile of the training scores.
     */
    protected static double threshold(double[] trainingScores, double contamination) {
        return DMADTrainer.quantile(trainingScores, 1 - contamination);
    }

    /**
     * Checks a contamination setting.
     *
     * @param contamination the value.
     * @throws PropertyException for the field {@code contamination} when the value is not in (0, 1).
     */
    protected static void checkContamination(double contamination) {
        if (!(contamination > 0 && contamination < 1)) {
            throw new PropertyException("", "contamination", "contamination must be in (0, 1), got " + contamination);
        }
    }

    @Override
    public synchronized M train(Dataset<Event> dataset, Map<String, Provenance> runProvenance, int invocationCount) {
        if (invocationCount != INCREMENT_INVOCATION_COUNT) {
            this.invocationCount = invocationCount;
        }
        if (dataset.size() < minimumRows()) {
            throw new IllegalArgumentException(
                    detectorName() + " needs at least " + minimumRows() + " training rows, got " + dataset.size());
        }
        TrainerProvenance trainerProvenance = getProvenance();
        int invocation = this.invocationCount++;
        return fit(new Fitting(dataset, trainerProvenance, runProvenance, invocation));
    }

    @Override
    public M train(Dataset<Event> dataset, Map<String, Provenance> runProvenance) {
        return train(dataset, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public M train(Dataset<Event> dataset) {
        return train(dataset, Map.of());
    }

    @Override
    public synchronized int getInvocationCount() {
        return invocationCount;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        this.invocationCount = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }
}
