package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmad.engine.DMADEngine;
import org.dmad.provenance.EnvironmentProvenance;
import org.dmad.provenance.ProvenanceJson;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;

class DTECategoricalTrainerTest {

    private static final int D = 8;
    private static PlantedData train;
    private static PlantedData test;
    private static List<Example<Event>> testExamples;
    private static DTECategoricalModel model;

    static DTECategoricalTrainer shortTrainer(long seed) {
        return DTECategoricalTrainer.builder().epochs(15).seed(seed).threads(1).build();
    }

    @BeforeAll
    static void trainOnce() {
        train = PlantedData.generate(1000, 0, D, 0, 1);
        test = PlantedData.generate(500, 50, D, 6, 2);
        testExamples = TribuoData.examples(test.values, test.labels, D);
        model = (DTECategoricalModel) shortTrainer(3).train(TribuoData.normals(train));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void shortTrainingFindsPlantedAnomalies() {
        double[] scores = model.score(testExamples);
        double auroc = PlantedData.auroc(test.labels, scores);
        assertTrue(auroc >= 0.95, "AUROC " + auroc);
        List<Prediction<Event>> predictions = model.predict(testExamples);
        int flaggedAnomalies = 0;
        for (int i = 0; i < predictions.size(); i++) {
            Event e = predictions.get(i).getOutput();
            assertEquals(scores[i], e.getScore(), 0.0);
            assertEquals(
                    scores[i] > model.getThreshold() ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED,
                    e.getType());
            if (test.labels[i] == 1 && e.getType() == Event.EventType.ANOMALOUS) {
                flaggedAnomalies++;
            }
        }
        assertTrue(flaggedAnomalies >= 45, "flagged " + flaggedAnomalies + " of 50 planted anomalies");
        // Scores are expected bins: in [0, K-1].
        for (double s : scores) {
            assertTrue(s >= 0 && s <= 6, "score " + s);
        }
    }

    @Test
    void thresholdFlagsTheContaminationShareOfTrainingRows() {
        DetectorContract.thresholdFlagsTheContaminationShare(model, TribuoData.normals(train), 0.1);
    }

    @Test
    void identicalSeedsGiveIdenticalScoresAndOtherSeedsDiffer() {
        try (DTECategoricalModel again = (DTECategoricalModel) shortTrainer(3).train(TribuoData.normals(train));
                DTECategoricalModel other =
                        (DTECategoricalModel) shortTrainer(4).train(TribuoData.normals(train))) {
            assertArrayEquals(model.score(testExamples), again.score(testExamples));
            assertTrue(!java.util.Arrays.equals(model.score(testExamples), other.score(testExamples)));
        }
    }

    @Test
    void protobufAndJavaSerializationRoundTripsGiveIdenticalScores(@TempDir Path dir) throws Exception {
        double[] expected = model.score(testExamples);
        Path file = dir.resolve("model.tribuo");
        ModelFiles.save(model, file);
        try (DTECategoricalModel loaded = (DTECategoricalModel) ModelFiles.load(file)) {
            assertArrayEquals(expected, loaded.score(testExamples));
            assertEquals(model.getThreshold(), loaded.getThreshold());
            assertEquals(model.getProvenance(), loaded.getProvenance());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()));
                DTECategoricalModel loaded = (DTECategoricalModel) in.readObject()) {
            assertArrayEquals(expected, loaded.score(testExamples));
        }
    }

    @Test
    void aNewerFormatVersionIsRefusedWithAMessage(@TempDir Path dir) throws Exception {
        var proto = model.serialize().toBuilder()
                .setVersion(DTECategoricalModel.CURRENT_VERSION + 1)
                .build();
        Path file = dir.resolve("newer.tribuo");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            proto.writeTo(out);
        }
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> ModelFiles.load(file));
        assertTrue(e.getMessage().contains("newer dmad") && e.getMessage().contains("newer.tribuo"), e.getMessage());
    }

    @Test
    void provenanceRecordsSettingsAndEngineAndRebuildsTheTrainer() {
        ModelProvenance provenance = model.getProvenance();
        assertEquals(DTECategoricalModel.class.getName(), provenance.getClassName());
        var run = model.getRunFacts();
        assertEquals("0.33.0", run.get(DMADEngine.DJL_VERSION));
        assertEquals("2.5.1", run.get(DMADEngine.PYTORCH_VERSION));
        assertEquals("cpu", run.get(DMADEngine.PYTORCH_FLAVOR));
        assertEquals("cpu()", run.get(DMADEngine.DEVICE));
        assertEquals("1", run.get(DMADEngine.INTRA_OP_THREADS));
        assertTrue(run.get(EnvironmentProvenance.OMP_WAIT_POLICY).startsWith("PASSIVE"), run.toString());

        // JSON round trip through OLCUT.
        String json = ProvenanceJson.toJson(provenance);
        assertEquals(provenance, ProvenanceJson.fromJson(json, ModelProvenance.class));

        // Rebuild the trainer from the provenance, retrain, and get the same scores.
        var trainerProvenance = provenance.getTrainerProvenance();
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(trainerProvenance));
        @SuppressWarnings("unchecked")
        Trainer<Event> rebuilt = (Trainer<Event>) cm.lookup(ProvenanceUtil.computeName(trainerProvenance, 0));
        assertInstanceOf(DTECategoricalTrainer.class, rebuilt);
        assertEquals(15, ((DTECategoricalTrainer) rebuilt).getEpochs());
        try (DTECategoricalModel retrained = (DTECategoricalModel) rebuilt.train(TribuoData.normals(train))) {
            assertArrayEquals(model.score(testExamples), retrained.score(testExamples));
        }
    }

    @Test
    void repeatedTrainingsByOneTrainerDifferButAreReproducible() {
        DTECategoricalTrainer trainer = shortTrainer(9);
        MutableDataset<Event> data = TribuoData.normals(train);
        try (DTECategoricalModel first = (DTECategoricalModel) trainer.train(data);
                DTECategoricalModel second = (DTECategoricalModel) trainer.train(data)) {
            assertEquals(2, trainer.getInvocationCount());
            assertTrue(!java.util.Arrays.equals(first.score(testExamples), second.score(testExamples)));
            DTECategoricalTrainer replay = shortTrainer(9);
            try (DTECategoricalModel replayed = (DTECategoricalModel) replay.train(data, java.util.Map.of(), 1)) {
                assertArrayEquals(second.score(testExamples), replayed.score(testExamples));
            }
        }
    }

    @Test
    void sampleXmlConfigurationLoadsThePaperDefaults() {
        ConfigurationManager cm = new ConfigurationManager("/org/dmad/tribuo/dte-categorical-config.xml");
        DTECategoricalTrainer trainer = (DTECategoricalTrainer) cm.lookup("dte-c");
        DTECategoricalTrainer defaults = new DTECategoricalTrainer();
        assertEquals(400, trainer.getEpochs());
        assertEquals(0L, trainer.getSeed());
        assertEquals(defaults.toString().replace("seed=" + Trainer.DEFAULT_SEED, "seed=0"), trainer.toString());
    }

    @Test
    void scoringFromManyThreadsGivesTheSerialScores() throws Exception {
        double[] serial = model.score(testExamples);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> model.score(testExamples)));
            }
            for (Future<double[]> f : futures) {
                assertArrayEquals(serial, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badTrainingDataIsRejectedWithAClearMessage() {
        DTECategoricalTrainer trainer = shortTrainer(1);
        double[] values = train.values.clone();
        values[5 * D + 3] = Double.NaN;
        // Tribuo's MutableDataset already refuses an example with a NaN feature, before dmad sees it.
        assertThrows(
                IllegalArgumentException.class,
                () -> trainer.train(TribuoData.dataset(TribuoData.examples(values, null, D), "nan")));

        var e2 = assertThrows(
                IllegalArgumentException.class, () -> trainer.train(TribuoData.dataset(List.of(), "empty")));
        assertTrue(e2.getMessage().contains("empty"), e2.getMessage());

        var e3 = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.train(TribuoData.dataset(TribuoData.examples(new double[D], null, D), "one-row")));
        assertTrue(e3.getMessage().contains("at least 2"), e3.getMessage());

        int[] labels = new int[20];
        labels[7] = 1;
        var e4 = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.train(TribuoData.dataset(
                        TribuoData.examples(java.util.Arrays.copyOf(train.values, 20 * D), labels, D), "anomalous")));
        assertTrue(e4.getMessage().contains("ANOMALOUS"), e4.getMessage());
    }

    @Test
    void smallSetsTrainInOneBatchAndUnknownRowsAreAccepted() {
        List<Example<Event>> rows = new ArrayList<>();
        for (Example<Event> e : TribuoData.examples(java.util.Arrays.copyOf(train.values, 10 * D), null, D)) {
            rows.add(new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT, TribuoData.names(D), toArray(e)));
        }
        try (DTECategoricalModel small =
                (DTECategoricalModel) shortTrainer(1).train(TribuoData.dataset(rows, "ten-unknown"))) {
            for (double s : small.score(testExamples)) {
                assertTrue(Double.isFinite(s));
            }
        }
    }

    private static double[] toArray(Example<Event> e) {
        double[] out = new double[e.size()];
        int i = 0;
        for (var f : e) {
            out[i++] = f.getValue();
        }
        return out;
    }

    @Test
    void badTestRowsAreRejectedWithAClearMessage() {
        double[] row = new double[D];
        row[2] = Double.POSITIVE_INFINITY;
        var e1 = assertThrows(
                IllegalArgumentException.class,
                () -> model.predict(TribuoData.examples(row, null, D).get(0)));
        assertTrue(e1.getMessage().contains("f002") && e1.getMessage().contains("Infinity"), e1.getMessage());

        Example<Event> unseen =
                new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT, new String[] {"other"}, new double[] {1.0});
        var e2 = assertThrows(IllegalArgumentException.class, () -> model.predict(unseen));
        assertTrue(e2.getMessage().contains("no feature the model knows"), e2.getMessage());

        // A missing feature is zero (Tribuo's sparse semantics) and an unknown extra feature is ignored.
        Example<Event> full = testExamples.get(0);
        double[] values = toArray(full);
        values[4] = 0;
        Example<Event> withZero = TribuoData.examples(values, null, D).get(0);
        ArrayExample<Event> sparse = new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT);
        for (var f : withZero) {
            if (!f.getName().equals("f004")) {
                sparse.add(f.getName(), f.getValue());
            }
        }
        sparse.add("extra", 123.0);
        assertEquals(
                model.predict(withZero).getOutput().getScore(),
                model.predict(sparse).getOutput().getScore());
        assertEquals(D - 1, model.predict(sparse).getNumActiveFeatures());
    }

    @Test
    void invalidSettingsAndMissingDevicesAreNamed() {
        DetectorContract.refused(DTECategoricalTrainer.builder().epochs(0), "epochs");
        DetectorContract.refused(DTECategoricalTrainer.builder().numBins(1), "numBins");
        DetectorContract.refused(DTECategoricalTrainer.builder().device("tpu"), "tpu");
        DetectorContract.refused(DTECategoricalTrainer.builder().contamination(0.7), "contamination");
        if (DMADEngine.engine().getGpuCount() == 0) {
            DTECategoricalTrainer gpu =
                    DTECategoricalTrainer.builder().epochs(1).device("gpu").build();
            var e5 = assertThrows(IllegalArgumentException.class, () -> gpu.train(TribuoData.normals(train)));
            assertTrue(e5.getMessage().contains("visible devices: cpu()"), e5.getMessage());
        }
    }

    @Test
    void theExcuseOfARowShiftedInTwoFeaturesNamesThoseTwoFirst() {
        Example<Event> normal = TribuoData.examples(train.values, null, D).get(3);
        double[] values = toArray(normal);
        // Shift features 2 and 5 by several standard deviations of the training data.
        double[] sd = model.getStandardizer().scale();
        values[2] += 6 * sd[2];
        values[5] -= 6 * sd[5];
        Example<Event> shifted = TribuoData.examples(values, null, D).get(0);
        var excuse = model.getExcuse(shifted).orElseThrow();
        var ranked = excuse.excuse(DMADModel.EXCUSE_KEY);
        assertEquals(D, ranked.size());
        assertEquals(
                java.util.Set.of("f002", "f005"),
                java.util.Set.of(ranked.get(0).getA(), ranked.get(1).getA()),
                ranked.toString());
        assertEquals(
                model.predict(shifted).getOutput().getScore(),
                excuse.getPrediction().getOutput().getScore());
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] v = {5, 1, 4, 2, 3};
        assertEquals(4.6, DMADTrainer.quantile(v, 0.9), 1e-12);
        assertEquals(3.0, DMADTrainer.quantile(v, 0.5), 1e-12);
        assertEquals(5.0, DMADTrainer.quantile(v, 1.0), 1e-12);
    }
}
