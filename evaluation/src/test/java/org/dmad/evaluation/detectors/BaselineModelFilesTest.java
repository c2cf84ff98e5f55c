package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmad.evaluation.harness.ModelStore;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;

/**
 * Baseline model files written by an earlier release (golden/baselines, written by {@link BaselineModelFiles} before
 * the baselines shared their code) load and give the recorded scores and predicted types bit for bit, save again to
 * a file that does too, and today's trainers with the same settings train models that score the same: a change to
 * the baselines' classes must keep every saved model readable and every benchmark figure the same.
 */
class BaselineModelFilesTest {

    static Stream<String> stems() {
        return BaselineModelFiles.trainers().keySet().stream();
    }

    private static Path golden(String file) throws URISyntaxException {
        return Path.of(BaselineModelFilesTest.class
                .getResource("/golden/baselines/" + file)
                .toURI());
    }

    @SuppressWarnings("unchecked")
    private static Model<Event> load(Path file) throws IOException {
        return (Model<Event>) ModelStore.load(file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stems")
    void aSavedModelLoadsAndScoresAsRecorded(String stem, @TempDir Path dir) throws Exception {
        List<String> recorded = Files.readAllLines(golden(stem + ".scores"));
        assertEquals(BaselineModelFiles.probeRows().size(), recorded.size());
        Model<Event> model = load(golden(stem + ".model"));
        assertEquals(model.getClass().getName(), model.getProvenance().getClassName());
        assertEquals(recorded, BaselineModelFiles.scoreLines(model), stem);
        Path again = dir.resolve(stem + ".model");
        ModelStore.save(model, again);
        assertEquals(recorded, BaselineModelFiles.scoreLines(load(again)), stem + " saved again");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stems")
    void todaysTrainerTrainsTheRecordedModel(String stem) throws Exception {
        Model<Event> trained = BaselineModelFiles.trainers()
                .get(stem)
                .get()
                .train(TribuoData.normals(BaselineModelFiles.trainingData()));
        assertEquals(Files.readAllLines(golden(stem + ".scores")), BaselineModelFiles.scoreLines(trained), stem);
        assertEquals(load(golden(stem + ".model")).getClass(), trained.getClass());
    }

    @Test
    void theProbeHasBothKindsOfPrediction() throws Exception {
        // A threshold that lost its value would predict one type for every row; the recorded files show both.
        for (String stem : BaselineModelFiles.trainers().keySet()) {
            List<String> lines = Files.readAllLines(golden(stem + ".scores"));
            assertTrue(lines.stream().anyMatch(l -> l.endsWith("ANOMALOUS")), stem + ": " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.endsWith("EXPECTED")), stem + ": " + lines);
        }
    }
}
