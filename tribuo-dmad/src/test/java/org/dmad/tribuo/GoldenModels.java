package org.dmad.tribuo;

import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

/**
 * Writes the golden model files that {@link GoldenModelTest} loads. Run it only when adding a new format version,
 * never to refresh an existing file: old files must keep loading.
 * <pre>
 * java -cp "$(cat cp.txt):target/classes:target/test-classes" org.dmad.tribuo.GoldenModels src/test/resources/golden
 * </pre>
 */
public final class GoldenModels {

    private GoldenModels() {
    }

    /** Rows the golden scores are computed on. */
    static List<Example<Event>> probeRows() {
        PlantedData probe = PlantedData.generate(6, 2, 4, 6, 77);
        return TribuoData.examples(probe.values, probe.labels, 4);
    }

    /**
     * @param args the output folder.
     * @throws Exception when writing fails.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PlantedData data = PlantedData.generate(200, 0, 4, 0, 11);
        DTECategoricalTrainer trainer = DTECategoricalTrainer.builder().hiddenSizes(List.of(16, 16)).epochs(3)
                .seed(5).threads(1).build();
        try (DMADModel model = trainer.train(TribuoData.normals(data))) {
            ModelFiles.save(model, dir.resolve("dte-categorical-v" + DTECategoricalModel.CURRENT_VERSION + ".tribuo"));
            double[] scores = model.score(probeRows());
            Files.writeString(dir.resolve("dte-categorical-v" + DTECategoricalModel.CURRENT_VERSION + ".scores"),
                    DoubleStream.of(scores).mapToObj(Double::toString).collect(Collectors.joining("\n")) + "\n");
        }
    }
}
