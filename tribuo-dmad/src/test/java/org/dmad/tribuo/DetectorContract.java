package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.dmad.provenance.ProvenanceJson;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.function.Executable;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;

/**
 * Checks every dmad detector must pass, shared by the detectors' trainer tests: serialization round trips (scores and
 * feature rankings), retraining from provenance, rejection of bad training data and settings with messages that name
 * them, the threshold's share of flagged training rows, and excuses that name shifted features.
 */
final class DetectorContract {

    private DetectorContract() {}

    /**
     * A call is refused with an exception of the given type whose message names each of the given words (the
     * setting, the value, what is allowed), so that the user can act on it.
     *
     * @param type     the exception type.
     * @param call     the call.
     * @param mentions the words the message must contain.
     * @param <E>      the exception type.
     * @return the exception, for further checks.
     */
    static <E extends Throwable> E refused(Class<E> type, Executable call, String... mentions) {
        E e = assertThrows(type, call);
        for (String m : mentions) {
            assertTrue(String.valueOf(e.getMessage()).contains(m), "'" + m + "' is not in: " + e.getMessage());
        }
        return e;
    }

    /**
     * A builder refuses its settings at {@code build()} with a {@link PropertyException} naming each of the given
     * words.
     *
     * @param builder  the builder, with an invalid setting.
     * @param mentions the words the message must contain.
     * @return the exception.
     */
    static PropertyException refused(DMADTrainer.Builder<?, ?> builder, String... mentions) {
        return refused(PropertyException.class, builder::build, mentions);
    }

    /**
     * The threshold is the (1 - contamination) quantile of the training scores, so the model flags that share of its
     * own training rows, within two rows (ties and the quantile's interpolation).
     *
     * @param model         the model.
     * @param training      the rows it was trained on.
     * @param contamination its contamination setting.
     */
    static void thresholdFlagsTheContaminationShare(DMADModel model, Dataset<Event> training, double contamination) {
        long flagged = model.predict(training).stream()
                .filter(p -> p.getOutput().getType() == Event.EventType.ANOMALOUS)
                .count();
        assertEquals(
                contamination * training.size(),
                flagged,
                2,
                flagged + " of " + training.size() + " training rows lie above the " + (1 - contamination)
                        + " quantile");
    }

    /** Each prediction carries the row's score and is ANOMALOUS exactly when the score exceeds the threshold. */
    static void predictionsFollowTheThreshold(DMADModel model, List<Example<Event>> examples) {
        double[] scores = model.score(examples);
        var predictions = model.predict(examples);
        for (int i = 0; i < predictions.size(); i++) {
            Event e = predictions.get(i).getOutput();
            assertEquals(scores[i], e.getScore(), 0.0);
            assertEquals(
                    scores[i] > model.getThreshold() ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED,
                    e.getType());
        }
    }

    /** Saving and loading through protobuf (ModelFiles) and Java serialization keep scores, threshold, provenance. */
    static void serializationRoundTripsKeepScores(DMADModel model, List<Example<Event>> examples, Path dir)
            throws Exception {
        double[] expected = model.score(examples);
        Path file = dir.resolve("model.tribuo");
        ModelFiles.save(model, file);
        try (DMADModel loaded = (DMADModel) ModelFiles.load(file)) {
            assertEquals(model.getClass(), loaded.getClass());
            assertArrayEquals(expected, loaded.score(examples));
            assertEquals(model.getThreshold(), loaded.getThreshold());
            assertEquals(model.getProvenance(), loaded.getProvenance());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()));
                DMADModel loaded = (DMADModel) in.readObject()) {
            assertArrayEquals(expected, loaded.score(examples));
            for (Example<Event> e : examples.subList(0, Math.min(3, examples.size()))) {
                assertEquals(
                        model.getExcuse(e).map(x -> x.excuse(DMADModel.EXCUSE_KEY)),
                        loaded.getExcuse(e).map(x -> x.excuse(DMADModel.EXCUSE_KEY)),
                        "the Java-deserialized model ranks the features as the model does");
            }
        }
    }

    /**
     * The provenance survives a JSON round trip, names the model class, and rebuilds a trainer of the given class
     * that retrains to identical scores.
     */
    static void provenanceRebuildsTheTrainer(
            DMADModel model, Class<?> trainerClass, Dataset<Event> data, List<Example<Event>> examples) {
        ModelProvenance provenance = model.getProvenance();
        assertEquals(model.getClass().getName(), provenance.getClassName());
        assertEquals(provenance, ProvenanceJson.fromJson(ProvenanceJson.toJson(provenance), ModelProvenance.class));
        var trainerProvenance = provenance.getTrainerProvenance();
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(trainerProvenance));
        @SuppressWarnings("unchecked")
        Trainer<Event> rebuilt = (Trainer<Event>) cm.lookup(ProvenanceUtil.computeName(trainerProvenance, 0));
        assertEquals(trainerClass, rebuilt.getClass());
        assertEquals(model.getProvenance().getTrainerProvenance(), rebuilt.getProvenance());
        try (DMADModel retrained = (DMADModel) rebuilt.train(data)) {
            assertArrayEquals(model.score(examples), retrained.score(examples));
        }
    }

    /** Empty data, too few rows, and ANOMALOUS rows are refused with messages that say so. */
    static void badTrainingDataIsRejected(Trainer<Event> trainer, PlantedData train, int minimumRows) {
        int d = train.columns;
        var empty = assertThrows(
                IllegalArgumentException.class, () -> trainer.train(TribuoData.dataset(List.of(), "empty")));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());

        var few = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.train(TribuoData.dataset(
                        TribuoData.examples(Arrays.copyOf(train.values, (minimumRows - 1) * d), null, d), "too-few")));
        assertTrue(few.getMessage().contains("at least " + minimumRows), few.getMessage());

        int[] labels = new int[20];
        labels[7] = 1;
        var anomalous = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.train(TribuoData.dataset(
                        TribuoData.examples(Arrays.copyOf(train.values, 20 * d), labels, d), "anomalous")));
        assertTrue(anomalous.getMessage().contains("ANOMALOUS"), anomalous.getMessage());
    }

    /** Two features give an inverse-gamma shape of 0: the trainer must refuse them by name. */
    static void twoFeaturesAreRejected(Trainer<Event> trainer) {
        PlantedData flat = PlantedData.generate(50, 0, 2, 0, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.train(TribuoData.normals(flat)));
        assertTrue(
                e.getMessage().contains("at least 3 features") && e.getMessage().contains("d = 2"), e.getMessage());
    }

    /** A training row shifted by 6 standard deviations in features 2 and 5 is explained by those two first. */
    static void excuseNamesTheShiftedFeatures(DMADModel model, PlantedData train) {
        int d = train.columns;
        double[] values = Arrays.copyOfRange(train.values, 3 * d, 4 * d);
        double[] sd = model.getStandardizer().scale();
        values[2] += 6 * sd[2];
        values[5] -= 6 * sd[5];
        Example<Event> shifted = TribuoData.examples(values, null, d).get(0);
        var ranked = model.getExcuse(shifted).orElseThrow().excuse(DMADModel.EXCUSE_KEY);
        assertEquals(d, ranked.size());
        assertEquals(
                Set.of("f002", "f005"),
                Set.of(ranked.get(0).getA(), ranked.get(1).getA()),
                ranked.toString());
        assertTrue(ranked.get(1).getB() > 0, ranked.toString());
    }

    /** The sample XML configuration loads a trainer equal in settings to the defaults but for seed 0. */
    static void sampleConfigurationLoadsTheDefaults(String resource, String name, Trainer<Event> defaults) {
        ConfigurationManager cm = new ConfigurationManager(resource);
        Object trainer = cm.lookup(name);
        assertEquals(defaults.getClass(), trainer.getClass());
        assertEquals(defaults.toString().replace("seed=" + Trainer.DEFAULT_SEED, "seed=0"), trainer.toString());
    }
}
