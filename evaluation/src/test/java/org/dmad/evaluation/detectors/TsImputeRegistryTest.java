package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.dmad.evaluation.harness.SeriesBenchmark;
import org.dmad.evaluation.timeseries.SyntheticSeries;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.tribuo.ModelFiles;
import org.dmad.tribuo.SeriesDDPMModel;
import org.dmad.tribuo.SeriesDDPMTrainer;
import org.dmad.tribuo.series.SeriesModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;

/**
 * The registry's {@code ts-impute} settings (issue 16, docs/TIME_SERIES.md "What was tried for ts-impute"): strips of 8
 * steps, at most half the window so that both masks hide a strip; imputation from the neighbours' interpolation at
 * t_r = 50. {@link SeriesDDPMTrainer}'s own defaults stay as they were, so older run records reproduce.
 */
class TsImputeRegistryTest {

    private static SeriesDDPMTrainer registryTrainer(int window) {
        return assertInstanceOf(
                SeriesDDPMTrainer.class,
                DetectorRegistry.get("ts-impute", Task.TIMESERIES)
                        .factory()
                        .create(new DetectorRegistry.Run(Profile.QUICK, 0, 1, "cpu", window)));
    }

    private static String setting(SeriesDDPMTrainer trainer, String name) {
        Map<String, Provenance> p = trainer.getProvenance().getConfiguredParameters();
        return String.valueOf(((PrimitiveProvenance<?>) p.get(name)).getValue());
    }

    @Test
    void stripsOfEightStepsCappedAtHalfTheWindowFromTheInterpolationAtFifty() {
        int[][] windowAndWidth = {{100, 8}, {58, 8}, {18, 8}, {16, 8}, {15, 7}, {12, 6}, {8, 4}, {3, 1}, {2, 1}};
        for (int[] ww : windowAndWidth) {
            SeriesDDPMTrainer t = registryTrainer(ww[0]);
            assertEquals(String.valueOf(ww[1]), setting(t, "maskWidth"), "window " + ww[0]);
            assertEquals("imputation", setting(t, "mode"));
            assertEquals("interpolation", setting(t, "maskStart"));
            assertEquals("50", setting(t, "reconstructionTime"));
            assertEquals("2", setting(t, "maskCount"));
        }
        // The trainer's own defaults are not the registry's: a record without the settings rebuilds the old model.
        SeriesDDPMTrainer plain =
                SeriesDDPMTrainer.builder(16).mode("imputation").build();
        assertEquals("1", setting(plain, "maskWidth"));
        assertEquals("mean", setting(plain, "maskStart"));
    }

    /** A width-8 model from the registry keeps its width and its scores through a model file and Java serialization. */
    @Test
    void aWidthEightModelRoundTrips(@TempDir Path dir) throws Exception {
        TimeSeries spike = SyntheticSeries.generate("spike", 0);
        try (SeriesModel model = SeriesBenchmark.fit(registryTrainer(16), spike, 16, 4)) {
            SeriesDDPMModel ddpm = assertInstanceOf(SeriesDDPMModel.class, model.model());
            assertEquals(8, ddpm.getScoring().maskWidth());
            double[] expected = model.windowScores(spike.values());
            Path file = dir.resolve("ts-impute.tribuo");
            ModelFiles.save(ddpm, file);
            Model<?> loaded = ModelFiles.load(file);
            assertEquals(ddpm.getScoring(), ((SeriesDDPMModel) loaded).getScoring());
            @SuppressWarnings("unchecked")
            SeriesModel again = new SeriesModel(
                    (Model<Event>) loaded, model.normalizer().orElseThrow(), model.windows(), model.channels());
            try (again) {
                assertArrayEquals(expected, again.windowScores(spike.values()));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(model);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()));
                    SeriesModel read = (SeriesModel) in.readObject()) {
                assertEquals(8, ((SeriesDDPMModel) read.model()).getScoring().maskWidth());
                assertArrayEquals(expected, read.windowScores(spike.values()));
            }
        }
    }
}
