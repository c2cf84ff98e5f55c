package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model files written by earlier dmad versions must keep loading and scoring as they did. */
class GoldenModelTest {

    @Test
    void dteCategoricalVersion0FileLoadsAndScoresAsWritten() throws Exception {
        try (DTECategoricalModel model =
                assertInstanceOf(DTECategoricalModel.class, loadAndCheckScores("dte-categorical-v0"))) {
            assertEquals(7, model.getNumBins());
        }
    }

    @Test
    void dteInverseGammaVersion0FileLoadsAndScoresAsWritten() throws Exception {
        try (DTEInverseGammaModel model =
                assertInstanceOf(DTEInverseGammaModel.class, loadAndCheckScores("dte-inverse-gamma-v0"))) {
            assertEquals(org.dmad.engine.DTEInverseGamma.Score.BETA_HAT, model.getScoreVariant());
        }
    }

    @Test
    void dteNonParametricVersion0FileLoadsAndScoresAsWritten() throws Exception {
        try (DTENonParametricModel model =
                assertInstanceOf(DTENonParametricModel.class, loadAndCheckScores("dte-nonparametric-v0"))) {
            assertEquals(org.dmad.engine.DTENonParametric.Score.POSTERIOR_MEAN, model.getScoreVariant());
            assertEquals(5, model.getNeighbours());
        }
    }

    @Test
    void ddpmVersion0FileLoadsAndScoresAsWritten() throws Exception {
        try (DDPMModel model = assertInstanceOf(DDPMModel.class, loadAndCheckScores("ddpm-v0"))) {
            assertEquals(org.dmad.engine.DDPMScoring.paper(5), model.getScoring());
            assertEquals(3, model.getEpochsRun());
        }
    }

    @Test
    void ddimVersion0FileLoadsAndScoresAsWritten() throws Exception {
        try (DDPMModel model = assertInstanceOf(DDPMModel.class, loadAndCheckScores("ddim-v0"))) {
            assertEquals(org.dmad.engine.DDPMScoring.paper(5).withDDIM(20).withEta(1), model.getScoring());
        }
    }

    @Test
    void denoisingLikelihoodVersion0FileLoadsAndScoresAsWritten() throws Exception {
        try (DenoisingLikelihoodModel model =
                assertInstanceOf(DenoisingLikelihoodModel.class, loadAndCheckScores("denoising-likelihood-v0"))) {
            assertEquals(
                    org.dmad.engine.DenoisingLikelihood.Statistic.LOSS,
                    model.getScoring().statistic());
        }
    }

    @Test
    void latentVersion0FileLoadsAndScoresAsWritten() throws Exception {
        try (LatentModel model = assertInstanceOf(LatentModel.class, loadAndCheckScores("latent-v0"))) {
            assertEquals(3, model.getLatentSize());
            assertEquals(0.5, model.getReconstructionWeight());
            assertInstanceOf(DTECategoricalModel.class, model.getLatentDetector());
        }
    }

    @Test
    void hybridVersion0FileLoadsAndScoresAsWritten() throws Exception {
        try (HybridModel model = assertInstanceOf(HybridModel.class, loadAndCheckScores("hybrid-v0"))) {
            assertEquals(2, model.getMembers().size());
            assertInstanceOf(DDPMModel.class, model.getMembers().get(0));
            assertEquals(2.0 / 3, model.getWeights()[0], 1e-15);
        }
    }

    @Test
    void version1FilesCarryTheirDigestAndLoadAndScoreAsWritten() throws Exception {
        for (String stem : List.of(
                "dte-categorical",
                "dte-inverse-gamma",
                "dte-nonparametric",
                "ddpm",
                "ddim",
                "denoising-likelihood",
                "latent",
                "hybrid")) {
            Path file = Path.of("src/test/resources/golden", stem + "-v1.tribuo");
            org.tribuo.protos.core.ModelProto proto;
            try (var in = Files.newInputStream(file)) {
                proto = org.tribuo.protos.core.ModelProto.parseFrom(in);
            }
            assertEquals(ModelIntegrity.FIRST_SEALED_VERSION, proto.getVersion(), stem);
            loadAndCheckScores(stem + "-v1").close();
        }
    }

    /** Loads {@code stem.tribuo} and checks its scores of the probe rows against {@code stem.scores}. */
    private static DMADModel loadAndCheckScores(String stem) throws Exception {
        Path dir = Path.of("src/test/resources/golden");
        DMADModel model = (DMADModel) ModelFiles.load(dir.resolve(stem + ".tribuo"));
        List<String> expected = Files.readAllLines(dir.resolve(stem + ".scores"));
        double[] scores = model.score(GoldenModels.probeRows());
        assertEquals(expected.size(), scores.length);
        for (int i = 0; i < scores.length; i++) {
            double want = Double.parseDouble(expected.get(i));
            // Exact on the machine that wrote it; other CPUs may round float kernels differently.
            assertEquals(want, scores[i], 1e-5 * Math.max(1, Math.abs(want)), stem + " probe row " + i);
        }
        assertEquals(4, model.getFeatureIDMap().size());
        return model;
    }
}
