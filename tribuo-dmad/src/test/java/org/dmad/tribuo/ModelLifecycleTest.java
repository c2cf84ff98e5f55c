package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dmad.engine.DDPMScoring;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/** What a user does with a trained model besides predicting: close it, read its run facts, load it typed. */
class ModelLifecycleTest {

    private static final int D = 5;
    private static MutableDataset<Event> train;
    private static List<Example<Event>> rows;
    private static DTECategoricalTrainer trainer;
    private static DTECategoricalModel model;

    @BeforeAll
    static void trainOnce() {
        train = TribuoData.normals(PlantedData.generate(400, 0, D, 0, 1));
        PlantedData test = PlantedData.generate(20, 5, D, 6, 2);
        rows = TribuoData.examples(test.values, test.labels, D);
        trainer = DTECategoricalTrainer.builder().epochs(2).seed(11).threads(1).build();
        model = (DTECategoricalModel) trainer.train(train);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void runFactsIncludeTheEffectiveSeed() {
        Map<String, String> facts = model.getRunFacts();
        assertEquals("11", facts.get(DMADTrainer.EFFECTIVE_SEED), facts.toString());
        assertTrue(facts.containsKey("dmad.version") && facts.containsKey("pytorch.version"), facts.toString());
        DMADTrainer again =
                DTECategoricalTrainer.builder().epochs(1).seed(11).threads(1).build();
        again.train(train).close();
        try (DMADModel second = again.train(train)) {
            assertEquals(
                    Long.toString(DMADTrainer.effectiveSeed(11, 1)),
                    second.getRunFacts().get(DMADTrainer.EFFECTIVE_SEED));
        }
    }

    @Test
    void aClosedModelRefusesToScoreWithAClearMessage() {
        DMADModel closed = (DMADModel) model.copy();
        double[] before = closed.score(rows);
        closed.close();
        assertTrue(closed.isClosed());
        closed.close();
        assertRefused(() -> closed.predict(rows.get(0)));
        assertRefused(() -> closed.predict(rows));
        assertRefused(() -> closed.predict(train));
        assertRefused(() -> closed.score(rows));
        assertRefused(() -> closed.getExcuse(rows.get(0)));
        // A copy of a closed model is a new, open model over the same parameters.
        try (DMADModel copy = (DMADModel) closed.copy()) {
            assertFalse(copy.isClosed());
            assertArrayEquals(before, copy.score(rows));
        }
        assertFalse(model.isClosed());
    }

    @Test
    void aClosedDDPMModelRefusesANewScoring() {
        DDPMModel ddpm = (DDPMModel)
                DDPMTrainer.builder().epochs(1).seed(3).threads(1).build().train(train);
        ddpm.close();
        assertRefused(() -> ddpm.withScoring(DDPMScoring.paper(5).withDDIM(5), train));
        assertRefused(() -> ddpm.predict(rows.get(0)));
    }

    private static void assertRefused(Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    void typedLoadReturnsTheModelClassOrNamesTheWrongOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dte.tribuo");
        ModelFiles.save(model, file);
        try (DMADModel general = ModelFiles.load(file, DMADModel.class);
                DTECategoricalModel exact = ModelFiles.load(file, DTECategoricalModel.class)) {
            assertArrayEquals(model.score(rows), general.score(rows));
            assertEquals(model.getNumBins(), exact.getNumBins());
        }
        IOException wrong = assertThrows(IOException.class, () -> ModelFiles.load(file, DDPMModel.class));
        assertTrue(
                wrong.getMessage().contains(file.toString())
                        && wrong.getMessage().contains("is a org.dmad.tribuo.DTECategoricalModel")
                        && wrong.getMessage().contains("not a org.dmad.tribuo.DDPMModel"),
                wrong.getMessage());
    }
}
