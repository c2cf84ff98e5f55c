package org.dmad.evaluation.detectors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dmad.evaluation.harness.ModelStore;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/**
 * Writes the golden baseline model files that {@link BaselineModelFilesTest} loads: each baseline trained on small
 * planted data and saved as {@code dmad train} saves it ({@link ModelStore}, Java serialization with a digest
 * trailer), beside the score and predicted type of each probe row. Run it only for a new baseline or a new model
 * format, never to refresh an existing file: files written by a release must keep loading and scoring. Name the
 * models to write; without names it writes all.
 * <pre>
 * java -cp "$(cat cp.txt):target/classes:target/test-classes" org.dmad.evaluation.detectors.BaselineModelFiles \
 *     src/test/resources/golden/baselines pca
 * </pre>
 */
public final class BaselineModelFiles {

    private BaselineModelFiles() {}

    /** The golden models by file stem, each with the trainer that wrote it. */
    static Map<String, Supplier<Trainer<Event>>> trainers() {
        Map<String, Supplier<Trainer<Event>>> out = new LinkedHashMap<>();
        out.put("iforest", () -> new IsolationForestTrainer(10, 64, 5));
        out.put("ocsvm", () -> new OneClassSVMTrainer(0.5, 0));
        out.put("ocsvm-row-min-max", () -> new OneClassSVMTrainer(0.3, 0.5, OneClassSVMTrainer.ROW_MIN_MAX));
        out.put("pca", () -> new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE));
        out.put("pca-reconstruction", () -> new PCATrainer(2, PCATrainer.Scoring.RECONSTRUCTION));
        out.put("kmeans-ad", () -> new KMeansADTrainer(5, 3));
        return out;
    }

    /** @return the training rows: normal rows only. */
    static PlantedData trainingData() {
        return PlantedData.generate(120, 0, 4, 0, 11);
    }

    /** @return the rows the golden scores are computed on: normal rows and planted anomalies. */
    static List<Example<Event>> probeRows() {
        PlantedData probe = PlantedData.generate(8, 4, 4, 5, 77);
        return TribuoData.examples(probe.values, probe.labels, 4);
    }

    /**
     * One line per probe row: the score as {@link Double#toString} writes it, a space, the predicted type.
     *
     * @param model a baseline model.
     * @return the lines.
     */
    static List<String> scoreLines(Model<Event> model) {
        List<String> lines = new ArrayList<>();
        for (Prediction<Event> p : model.predict(probeRows())) {
            lines.add(p.getOutput().getScore() + " " + p.getOutput().getType());
        }
        return lines;
    }

    /**
     * @param args the output folder, then optionally the stems to write.
     * @throws Exception when training or writing fails.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> only = List.of(args).subList(1, args.length);
        Files.createDirectories(dir);
        for (Map.Entry<String, Supplier<Trainer<Event>>> e : trainers().entrySet()) {
            if (!only.isEmpty() && !only.contains(e.getKey())) {
                continue;
            }
            Model<Event> model = e.getValue().get().train(TribuoData.normals(trainingData()));
            ModelStore.save(model, dir.resolve(e.getKey() + ".model"));
            Files.write(dir.resolve(e.getKey() + ".scores"), scoreLines(model));
        }
    }
}
