package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;

/**
 * A row's score must not depend on the rows scored with it: {@code predict(one)}, {@code predict(list)} (whose last
 * chunk of {@link DMADModel#PREDICT_BATCH} holds 3 rows here), {@code score} and the prediction inside
 * {@code getExcuse} give the same bits. Before scoring batches were padded, PyTorch's matrix multiply rounded a
 * batch of 1-3 rows differently (DTE-C up to 9.5e-7 apart, DDPM up to 5e-5).
 */
class BatchIndependentScoresTest {

    private static final int D = 6;

    @Test
    void dteCategoricalScoresARowAloneAsInABatch() {
        check(DTECategoricalTrainer.builder().epochs(3).seed(2).threads(1).build());
    }

    @Test
    void ddpmScoresARowAloneAsInABatch() {
        check(DDPMTrainer.builder().epochs(2).seed(2).threads(1).build());
    }

    @Test
    void dteNonParametricScoresARowAloneAsInABatch() {
        check(DTENonParametricTrainer.builder().build());
    }

    private static void check(DMADTrainer trainer) {
        MutableDataset<Event> train = TribuoData.normals(PlantedData.generate(600, 0, D, 0, 1));
        PlantedData test = PlantedData.generate(1000, 27, D, 5, 2);
        List<Example<Event>> rows = TribuoData.examples(test.values, test.labels, D);
        try (DMADModel model = trainer.train(train)) {
            List<Prediction<Event>> batch = model.predict(rows);
            double[] scores = model.score(rows);
            int[] probes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 500, 1000, 1023, 1024, 1025, 1026};
            for (int i : probes) {
                double inBatch = batch.get(i).getOutput().getScore();
                Example<Event> row = rows.get(i);
                assertEquals(inBatch, scores[i], 0.0, "score(list), row " + i);
                assertEquals(inBatch, model.predict(row).getOutput().getScore(), 0.0, "predict(one), row " + i);
                assertEquals(inBatch, model.score(List.of(row))[0], 0.0, "score(one), row " + i);
                assertEquals(
                        inBatch,
                        model.getExcuse(row)
                                .orElseThrow()
                                .getPrediction()
                                .getOutput()
                                .getScore(),
                        0.0,
                        "getExcuse, row " + i);
                assertEquals(
                        batch.get(i).getOutput().getType(),
                        model.predict(row).getOutput().getType());
            }
        }
    }
}
