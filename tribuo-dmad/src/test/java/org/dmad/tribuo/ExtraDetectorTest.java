package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dmad.engine.Matrix;
import org.dmad.engine.MedianDistance;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.dmad.tribuo.protos.GenericModelProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * A detector added through the steps of CONTRIBUTING.md ("Adding a tabular detector") alone: the test-only
 * {@link MedianDistance} math, {@link MedianDistanceTrainer} (one {@code @Config} setting, checked in {@code
 * postConfig} with {@code SettingCheck}) and {@link MedianDistanceModel} (its state in the generic {@link ModelState}
 * payload, no protobuf message of its own). Nothing else in tribuo-dmad knows the detector, yet it trains, scores,
 * finds planted anomalies, round-trips through both serializations, rebuilds from its provenance and refuses bad
 * settings and data by name. weka-dmad's {@code ExtraDetectorWekaTest} and evaluation's {@code ExtraDetectorCliTest}
 * take the same detector through the Weka class and the command line.
 */
class ExtraDetectorTest {

    private static final int D = 6;
    private static PlantedData train;
    private static PlantedData test;
    private static List<Example<Event>> testExamples;
    private static MedianDistanceModel model;

    @BeforeAll
    static void trainOnce() {
        train = PlantedData.generate(400, 0, D, 0, 11);
        test = PlantedData.generate(300, 30, D, 5, 12);
        testExamples = TribuoData.examples(test.values, test.labels, D);
        model = (MedianDistanceModel)
                MedianDistanceTrainer.builder().norm(1).seed(4).build().train(TribuoData.normals(train));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void findsPlantedAnomalies() {
        double auroc = PlantedData.auroc(test.labels, model.score(testExamples));
        assertTrue(auroc >= 0.95, "AUROC " + auroc);
        DetectorContract.predictionsFollowTheThreshold(model, testExamples);
        // The threshold is the contamination quantile of the training scores (DMADTrainer's default 0.1).
        double[] trainingScores = model.score(TribuoData.normals(train).getData());
        long above = Arrays.stream(trainingScores)
                .filter(s -> s > model.getThreshold())
                .count();
        assertTrue(above >= 30 && above <= 50, above + " of 400 training rows above the threshold");
    }

    @Test
    void theSettingIsDeclaredOnceAndReachesTheModel() {
        // The @Config field gives the builder's default, the derived toString and the provenance.
        MedianDistanceTrainer defaults = MedianDistanceTrainer.builder().build();
        assertTrue(defaults.toString().contains("norm=2"), defaults.toString());
        assertTrue(MedianDistanceTrainer.builder().norm(1).build().toString().contains("norm=1"));
        assertEquals(
                "1",
                model.getProvenance()
                        .getTrainerProvenance()
                        .getConfiguredParameters()
                        .get("norm")
                        .toString());
        // The norm changes the scores: the L1 and L2 models of the same data differ.
        try (DMADModel euclidean =
                (DMADModel) MedianDistanceTrainer.builder().seed(4).build().train(TribuoData.normals(train))) {
            assertNotEquals(model.score(testExamples)[0], euclidean.score(testExamples)[0]);
        }
    }

    @Test
    void bothSerializationsRoundTripThroughTheGenericPayload(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, testExamples, dir);
        ModelProto proto = model.serialize();
        assertEquals(MedianDistanceModel.class.getName(), proto.getClassName());
        assertTrue(
                proto.getSerializedData().is(GenericModelProto.class),
                proto.getSerializedData().getTypeUrl());
    }

    @Test
    void provenanceRebuildsTheTrainerThroughOLCUT() {
        DetectorContract.provenanceRebuildsTheTrainer(
                model, MedianDistanceTrainer.class, TribuoData.normals(train), testExamples);
    }

    @Test
    void badSettingsAndDataAreRefusedByName() {
        PropertyException norm = assertThrows(
                PropertyException.class,
                () -> MedianDistanceTrainer.builder().norm(0).build());
        assertEquals("norm", norm.getProperty());
        assertTrue(norm.getMsg().contains("norm must be at least 1, got 0"), norm.getMsg());
        DetectorContract.badTrainingDataIsRejected(
                MedianDistanceTrainer.builder().build(), train, 2);
        // A row with none of the training features cannot be scored.
        Example<Event> stranger = new ArrayExample<>(
                new Event(Event.EventType.EXPECTED), new String[] {"unknown-a", "unknown-b"}, new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.score(List.of(stranger)));
        assertTrue(e.getMessage().contains("no feature the model knows"), e.getMessage());
    }

    @Test
    void theEngineMathIsWhatTheModelScores() {
        // Rows (0, 0), (1, 2), (2, 4): the median is (1, 2), the L1 distances to it 1 + 2, 0 and 1 + 2.
        Matrix m = new Matrix(new float[] {0, 0, 1, 2, 2, 4}, 3, 2);
        assertArrayEquals(new double[] {1, 2}, MedianDistance.median(m));
        assertArrayEquals(new double[] {3, 0, 3}, MedianDistance.score(m, new double[] {1, 2}, 1));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MedianDistance.score(m, new double[] {1}, 1));
        assertTrue(e.getMessage().contains("The centre has 1 columns, the rows 2"), e.getMessage());
    }
}
