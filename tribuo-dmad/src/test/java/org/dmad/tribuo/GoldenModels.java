package org.dmad.tribuo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;

/**
 * Writes the golden model files that {@link GoldenModelTest} loads. Run it only when adding a new format version,
 * never to refresh an existing file: old files must keep loading. Name the models to write after the folder
 * ({@code dte-categorical}, {@code dte-inverse-gamma}, {@code dte-nonparametric}, {@code latent}, {@code hybrid}, ...);
 * without names it writes all.
 * <pre>
 * java -cp "$(cat cp.txt):target/classes:target/test-classes" org.dmad.tribuo.GoldenModels src/test/resources/golden \
 *     dte-inverse-gamma
 * </pre>
 */
public final class GoldenModels {

    private GoldenModels() {}

    /** Rows the golden scores are computed on. */
    static List<Example<Event>> probeRows() {
        PlantedData probe = PlantedData.generate(6, 2, 4, 6, 77);
        return TribuoData.examples(probe.values, probe.labels, 4);
    }

    /**
     * @param args the output folder, then optionally the models to write.
     * @throws Exception when writing fails.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PlantedData data = PlantedData.generate(200, 0, 4, 0, 11);
        DTECategoricalTrainer trainer = DTECategoricalTrainer.builder()
                .hiddenSizes(List.of(16, 16))
                .epochs(3)
                .seed(5)
                .threads(1)
                .build();
        List<String> only = List.of(args).subList(1, args.length);
        if (only.isEmpty() || only.contains("dte-categorical")) {
            write(dir, "dte-categorical-v" + DTECategoricalModel.CURRENT_VERSION, trainer, data);
        }
        if (only.isEmpty() || only.contains("dte-inverse-gamma")) {
            write(
                    dir,
                    "dte-inverse-gamma-v" + DTEInverseGammaModel.CURRENT_VERSION,
                    DTEInverseGammaTrainer.builder()
                            .hiddenSizes(List.of(16, 16))
                            .epochs(3)
                            .seed(5)
                            .threads(1)
                            .build(),
                    data);
        }
        if (only.isEmpty() || only.contains("dte-nonparametric")) {
            write(
                    dir,
                    "dte-nonparametric-v" + DTENonParametricModel.CURRENT_VERSION,
                    DTENonParametricTrainer.builder()
                            .score("posteriorMean")
                            .seed(5)
                            .threads(1)
                            .build(),
                    PlantedData.generate(40, 0, 4, 0, 11));
        }
        // Denoiser detectors: a small denoiser (width 16, one residual block) keeps the files small.
        if (only.isEmpty() || only.contains("ddpm")) {
            write(
                    dir,
                    "ddpm-v" + DDPMModel.CURRENT_VERSION,
                    DDPMTrainer.builder()
                            .architecture(16, 16, 16, 1)
                            .epochs(3)
                            .seed(5)
                            .threads(1)
                            .build(),
                    data);
        }
        if (only.isEmpty() || only.contains("ddim")) {
            write(
                    dir,
                    "ddim-v" + DDPMModel.CURRENT_VERSION,
                    DDPMTrainer.ddimBuilder(20)
                            .ddimEta(1)
                            .architecture(16, 16, 16, 1)
                            .epochs(3)
                            .seed(5)
                            .threads(1)
                            .build(),
                    data);
        }
        if (only.isEmpty() || only.contains("denoising-likelihood")) {
            write(
                    dir,
                    "denoising-likelihood-v" + DenoisingLikelihoodModel.CURRENT_VERSION,
                    DenoisingLikelihoodTrainer.builder()
                            .architecture(16, 16, 16, 1)
                            .epochs(3)
                            .seed(5)
                            .threads(1)
                            .build(),
                    data);
        }
        // Composite detectors: small parts keep the files small; the latent model combines the reconstruction error
        // and the hybrid has unequal weights, so that every stored statistic is exercised.
        if (only.isEmpty() || only.contains("latent")) {
            write(
                    dir,
                    "latent-v" + LatentModel.CURRENT_VERSION,
                    LatentTrainer.builder()
                            .hiddenSizes(List.of(16, 16))
                            .autoencoderHiddenSizes(List.of(8))
                            .autoencoderEpochs(3)
                            .epochs(3)
                            .reconstructionWeight(0.5)
                            .seed(5)
                            .threads(1)
                            .build(),
                    data);
        }
        if (only.isEmpty() || only.contains("hybrid")) {
            write(
                    dir,
                    "hybrid-v" + HybridModel.CURRENT_VERSION,
                    HybridTrainer.builder()
                            .members(List.of(
                                    DDPMTrainer.builder()
                                            .architecture(16, 16, 16, 1)
                                            .epochs(3)
                                            .threads(1)
                                            .build(),
                                    DTECategoricalTrainer.builder()
                                            .hiddenSizes(List.of(16, 16))
                                            .epochs(3)
                                            .threads(1)
                                            .build()))
                            .weights(List.of(2.0, 1.0))
                            .seed(5)
                            .build(),
                    data);
        }
    }

    private static void write(Path dir, String stem, DMADTrainer trainer, PlantedData data) throws Exception {
        try (DMADModel model = trainer.train(TribuoData.normals(data))) {
            ModelFiles.save(model, dir.resolve(stem + ".tribuo"));
            double[] scores = model.score(probeRows());
            Files.writeString(
                    dir.resolve(stem + ".scores"),
                    DoubleStream.of(scores).mapToObj(Double::toString).collect(Collectors.joining("\n")) + "\n");
        }
    }
}
