package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/** DTE-C groups through Tribuo across datasets: other widths and batches per epoch, each model as its own. */
class TrainingGroupAcrossDatasetsTest {

    private static DTECategoricalTrainer trainer(long seed) {
        return DTECategoricalTrainer.builder()
                .epochs(30)
                .learningRate(1e-3)
                .hiddenSizes(List.of(32, 64, 32))
                .seed(seed)
                .threads(1)
                .build();
    }

    @Test
    void datasetsOfOtherWidthsAndBatchCountsTrainTogetherEachAsItsOwnModel() {
        // Widths 5 and 9, 300 and 170 rows: 5 and 3 batches of 64 per epoch, 30 epochs (150 and 90 steps).
        int[] widths = {5, 9};
        int[] rows = {300, 170};
        long[] seeds = {21, 22};
        List<TrainingGroup.Member> members = new ArrayList<>();
        List<List<Example<Event>>> tests = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        double[] plainAuroc = new double[2];
        for (int g = 0; g < 2; g++) {
            MutableDataset<Event> data = TribuoData.normals(PlantedData.generate(rows[g], 0, widths[g], 0, 100 + g));
            PlantedData test = PlantedData.generate(300, 30, widths[g], 4.0, 200 + g);
            tests.add(TribuoData.examples(test.values, test.labels, widths[g]));
            labels.add(test.labels);
            members.add(new TrainingGroup.Member(trainer(seeds[g]), data));
            try (DMADModel plain = trainer(seeds[g]).train(data)) {
                plainAuroc[g] = PlantedData.auroc(test.labels, plain.score(tests.get(g)));
            }
        }
        List<DMADModel> grouped = TrainingGroup.train(members);
        for (int g = 0; g < 2; g++) {
            try (DMADModel m = grouped.get(g)) {
                double auroc = PlantedData.auroc(labels.get(g), m.score(tests.get(g)));
                System.out.printf(
                        Locale.ROOT, "d = %d: AUROC plain %.4f, grouped %.4f%n", widths[g], plainAuroc[g], auroc);
                // One training per arm: a seed moves these small networks' AUROC by several points (the engine's
                // GroupedTrainingAcrossDatasetsTest holds members to the spread of separate trainings), so a floor.
                assertTrue(auroc > 0.7, "member " + g + " AUROC " + auroc + ", plain " + plainAuroc[g]);
                assertEquals(widths[g], m.getFeatureIDMap().size());
                assertEquals("21,22", m.getRunFacts().get(TrainingGroup.SEEDS));
                assertEquals(
                        Integer.toString(g),
                        m.getProvenance()
                                .getInstanceProvenance()
                                .getMap()
                                .get(TrainingGroup.MEMBER)
                                .toString());
                assertEquals(
                        Long.toString(seeds[g]),
                        m.getProvenance()
                                .getInstanceProvenance()
                                .getMap()
                                .get(DMADTrainer.EFFECTIVE_SEED)
                                .toString());
            }
        }
    }

    @Test
    void theDenoisersRefuseOtherWidthsNamingTheReason() {
        DDPMTrainer ddpm = DDPMTrainer.builder().epochs(1).seed(1).threads(1).build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainingGroup.train(
                        ddpm,
                        List.of(
                                TribuoData.normals(PlantedData.generate(200, 0, 5, 0, 1)),
                                TribuoData.normals(PlantedData.generate(200, 0, 9, 0, 2)))));
        assertTrue(
                e.getMessage().contains("same width for DDPM") && e.getMessage().contains("only DTE-Categorical"),
                e.getMessage());
    }
}
