package org.dmad.tribuo;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Model files written by earlier dmad versions must keep loading and scoring as they did. */
class GoldenModelTest {

    @Test
    void dteCategoricalVersion0FileLoadsAndScoresAsWritten() throws Exception {
        Path dir = Path.of("src/test/resources/golden");
        Model<?> loaded = ModelFiles.load(dir.resolve("dte-categorical-v0.tribuo"));
        DTECategoricalModel model = assertInstanceOf(DTECategoricalModel.class, loaded);
        List<String> expected = Files.readAllLines(dir.resolve("dte-categorical-v0.scores"));
        double[] scores = model.score(GoldenModels.probeRows());
        assertEquals(expected.size(), scores.length);
        for (int i = 0; i < scores.length; i++) {
            double want = Double.parseDouble(expected.get(i));
            // Exact on the machine that wrote it; other CPUs may round float kernels differently.
            assertEquals(want, scores[i], 1e-5 * Math.max(1, Math.abs(want)), "probe row " + i);
        }
        assertEquals(7, model.getNumBins());
        assertEquals(4, model.getFeatureIDMap().size());
        model.close();
    }
}
