package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.evaluation.protocol.Split;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.TrainingGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.provenance.DatasetProvenance;

/**
 * The dense-row path of the harness ({@link TabularRows}: {@code DMADTrainer.trainRows}, {@code DMADModel.scoreRows})
 * against the Tribuo path (a dataset of examples, {@code train}, {@code predict}): the same scores bit for bit, and
 * the same feature and output domains and dataset provenance, for the DTE-NP, DTE-C, DDPM and Hybrid detectors
 * under each protocol. The feature names are not in sorted order, so the rows' columns are reordered into the
 * model's feature ids as Tribuo orders them.
 */
class TabularRowsTest {

    /** A small dataset whose column order differs from its features' sorted order. */
    private static TabularData data() {
        TabularData g = SyntheticSuite.generate("clustered", 160, 12, 4, 3);
        return new TabularData(g.x(), g.y(), List.of("f3", "f1", "f0", "f2"), g.record());
    }

    @ParameterizedTest
    @CsvSource({
        "dte-np, semi",
        "dte-np, unsup",
        "dte-np, semi-clean",
        "dte-c, semi",
        "dte-c, unsup",
        "dte-c, semi-clean",
        "ddpm, semi",
        "ddpm, unsup",
        "ddpm, semi-clean",
        "hybrid, semi",
        "hybrid, unsup",
        "hybrid, semi-clean"
    })
    void rowsGiveTheModelAndScoresOfTheTribuoPath(String detector, String protocolName) throws Exception {
        TabularData data = data();
        Protocol protocol = Protocol.parse(protocolName);
        Split split = protocol.split(data, 7);
        try (DMADModel tribuo = (DMADModel) trainer(detector).train(Benchmark.trainingSet(data, split, protocol));
                DMADModel rows = (DMADModel) TabularRows.train(trainer(detector), data, split, protocol)) {
            double[] expected = Benchmark.score(tribuo, Benchmark.testSet(data, split));
            double[] actual = TabularRows.score(rows, data, split);
            assertArrayEquals(expected, actual, detector + " " + protocolName);
            assertEquals(tribuo.getThreshold(), rows.getThreshold());
            assertEquals(
                    tribuo.getFeatureIDMap().toString(), rows.getFeatureIDMap().toString());
            assertEquals(
                    tribuo.getOutputIDInfo().toReadableString(),
                    rows.getOutputIDInfo().toReadableString());
            DatasetProvenance a = tribuo.getProvenance().getDatasetProvenance();
            DatasetProvenance b = rows.getProvenance().getDatasetProvenance();
            assertEquals(a.getClassName(), b.getClassName());
            assertEquals(a.isDense(), b.isDense());
            assertEquals(a.isSequence(), b.isSequence());
            assertEquals(a.getNumExamples(), b.getNumExamples());
            assertEquals(a.getNumFeatures(), b.getNumFeatures());
            assertEquals(a.getNumOutputs(), b.getNumOutputs());
            assertEquals(a.getTribuoVersion(), b.getTribuoVersion());
            assertEquals(a.getTransformationProvenance(), b.getTransformationProvenance());
            assertEquals(
                    a.getSourceProvenance().toString().replaceAll("datasource-creation-time=[^)]*", ""),
                    b.getSourceProvenance().toString().replaceAll("datasource-creation-time=[^)]*", ""));
            assertEquals(
                    tribuo.getProvenance().getTrainerProvenance(),
                    rows.getProvenance().getTrainerProvenance());
        }
    }

    @Test
    void groupMembersOnRowsTrainTheModelsOfGroupMembersOnDatasets() throws Exception {
        TabularData data = data();
        Protocol protocol = Protocol.SEMI;
        long[] seeds = {3, 4};
        List<TrainingGroup.Member> datasets = new ArrayList<>();
        List<TrainingGroup.Member> rows = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        for (long seed : seeds) {
            Split split = protocol.split(data, seed);
            splits.add(split);
            datasets.add(new TrainingGroup.Member(groupTrainer(seed), Benchmark.trainingSet(data, split, protocol)));
            rows.add(Benchmark.groupMember(groupTrainer(seed), data, split, protocol));
            assertTrue(rows.get(rows.size() - 1).rows() != null, "the harness's member holds rows");
        }
        List<DMADModel> expected = TrainingGroup.train(datasets);
        List<DMADModel> actual = TrainingGroup.train(rows);
        try {
            for (int i = 0; i < seeds.length; i++) {
                assertArrayEquals(
                        TabularRows.score(expected.get(i), data, splits.get(i)),
                        TabularRows.score(actual.get(i), data, splits.get(i)),
                        "member " + i);
                assertEquals(
                        expected.get(i).getProvenance().getTrainerProvenance(),
                        actual.get(i).getProvenance().getTrainerProvenance());
                assertEquals(
                        expected.get(i).getFeatureIDMap().toString(),
                        actual.get(i).getFeatureIDMap().toString());
            }
        } finally {
            for (DMADModel m : expected) {
                m.close();
            }
            for (DMADModel m : actual) {
                m.close();
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new TrainingGroup.Member(groupTrainer(1), null, java.util.Map.of(), null));
    }

    private static DMADTrainer groupTrainer(long seed) {
        return (DMADTrainer) DetectorRegistry.get("dte-c").factory().create(Profile.QUICK, seed, 1, "cpu");
    }

    @Test
    void rowsAreCheckedAsExamplesAre() {
        DMADTrainer trainer = trainer("dte-np");
        String[] names = {"b", "a"};
        var source = TabularRows.sourceProvenance(data(), "train");
        double[] constant = new double[40];
        Arrays.fill(constant, 1.5);
        IllegalArgumentException same = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.trainRows(constant, names, AnomalyFactory.EXPECTED_EVENT, source));
        assertTrue(same.getMessage().contains("they are all the same"), same.getMessage());
        double[] nan = new double[40];
        for (int i = 0; i < nan.length; i++) {
            nan[i] = i;
        }
        nan[7] = Double.NaN;
        IllegalArgumentException notFinite = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.trainRows(nan, names, AnomalyFactory.EXPECTED_EVENT, source));
        assertTrue(notFinite.getMessage().contains("feature 'a' is NaN"), notFinite.getMessage());
        IllegalArgumentException anomalous = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.trainRows(new double[40], names, AnomalyFactory.ANOMALOUS_EVENT, source));
        assertTrue(anomalous.getMessage().contains("ANOMALOUS"), anomalous.getMessage());
        IllegalArgumentException ragged = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.trainRows(new double[41], names, AnomalyFactory.EXPECTED_EVENT, source));
        assertTrue(ragged.getMessage().contains("do not make rows of 2"), ragged.getMessage());
        IllegalArgumentException repeated = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.trainRows(nan, new String[] {"a", "a"}, AnomalyFactory.EXPECTED_EVENT, source));
        assertTrue(repeated.getMessage().contains("repeat"), repeated.getMessage());
    }

    private static DMADTrainer trainer(String detector) {
        return (DMADTrainer) DetectorRegistry.get(detector).factory().create(Profile.QUICK, 5, 1, "cpu");
    }
}
