package org.dmad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dmad.tribuo.DTECategoricalModel;
import org.dmad.tribuo.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DTECategoricalCSVExampleTest {

    @Test
    void trainsOnACsvRanksThePlantedAnomaliesFirstAndSavesALoadableModel(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("demo.csv");
        DTECategoricalCSVExample.writeDemoCsv(csv, 950, 50, 1);
        Path modelFile = dir.resolve("out/model.tribuo");
        DTECategoricalCSVExample.Result result = DTECategoricalCSVExample.run(csv, modelFile, 20, 10);
        assertEquals(950, result.trainingRows());
        assertEquals(10, result.top().size());
        long labelled =
                result.top().stream().filter(r -> r.label().equals("ANOMALOUS")).count();
        assertTrue(labelled >= 8, "top 10 holds " + labelled + " known anomalies: " + result.top());
        assertTrue(result.ranking().auroc() > 0.9, result.ranking().toString());
        assertEquals(50, result.ranking().anomalies());
        assertTrue(Files.isRegularFile(modelFile));
        try (DTECategoricalModel loaded = ModelFiles.load(modelFile, DTECategoricalModel.class)) {
            assertEquals(4, loaded.getFeatureIDMap().size());
        }
    }

    @Test
    void mainRunsOnTheGeneratedDemoFile(@TempDir Path dir) throws Exception {
        Path modelFile = dir.resolve("m.tribuo");
        DTECategoricalCSVExample.main(new String[] {writeDemo(dir).toString(), modelFile.toString(), "5"});
        assertTrue(Files.size(modelFile) > 0);
    }

    private static Path writeDemo(Path dir) throws Exception {
        Path csv = dir.resolve("in.csv");
        DTECategoricalCSVExample.writeDemoCsv(csv, 300, 10, 2);
        return csv;
    }
}
