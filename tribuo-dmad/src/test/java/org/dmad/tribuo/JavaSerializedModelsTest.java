package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;

/**
 * Models Java-serialized by an earlier dmad (Weka's {@code .model} files hold them so) keep loading and score as the
 * same model loaded from its protobuf file: {@code golden/java/<stem>.ser} is the golden model {@code <stem>.tribuo}
 * Java-serialized by the code before the models were restructured ({@link #main}, never rewritten to make this test
 * pass).
 */
class JavaSerializedModelsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** One golden file of every model class. */
    private static final List<String> STEMS = List.of(
            "dte-categorical-v1",
            "dte-inverse-gamma-v1",
            "dte-nonparametric-v1",
            "ddpm-v1",
            "ddim-v1",
            "denoising-likelihood-v1",
            "latent-v1",
            "hybrid-v1",
            "series-ddpm-v0",
            "series-d3r-v0",
            "series-imdiffusion-v0");

    @Test
    void javaSerializedModelsLoadAndScoreAsTheirProtobufFiles() throws Exception {
        for (String stem : STEMS) {
            try (DMADModel proto = (DMADModel) ModelFiles.load(GOLDEN.resolve(stem + ".tribuo"));
                    DMADModel java = javaSerialized(stem)) {
                assertEquals(proto.getClass(), java.getClass(), stem);
                assertEquals(proto.toString(), java.toString(), stem);
                double[] rows = rows(proto.getFeatureIDMap().size());
                assertArrayEquals(proto.scoreRows(rows), java.scoreRows(rows), stem);
                // A second scoring of the deserialized model goes through the same rebuilt scorer.
                assertArrayEquals(proto.scoreRows(rows), java.scoreRows(rows), stem + " again");
            }
        }
    }

    /**
     * The scorer a model rebuilds after Java deserialization ({@code readResolve}) explains a row as the protobuf
     * model does: the same features in the same order, with the same contributions.
     */
    @Test
    void javaSerializedModelsRankFeaturesAsTheirProtobufFiles() throws Exception {
        for (String stem : STEMS) {
            try (DMADModel proto = (DMADModel) ModelFiles.load(GOLDEN.resolve(stem + ".tribuo"));
                    DMADModel java = javaSerialized(stem)) {
                int d = proto.getFeatureIDMap().size();
                double[] values = rows(d);
                for (int i = 0; i < 2; i++) {
                    ArrayExample<Event> row = new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT);
                    for (int j = 0; j < d; j++) {
                        row.add(proto.getFeatureIDMap().get(j).getName(), values[i * d + j]);
                    }
                    var expected = proto.getExcuse(row).map(e -> e.excuse(DMADModel.EXCUSE_KEY));
                    assertEquals(expected, java.getExcuse(row).map(e -> e.excuse(DMADModel.EXCUSE_KEY)), stem);
                    if (proto instanceof DenoiserModel || proto instanceof DTENetworkModel) {
                        assertEquals(d, expected.orElseThrow().size(), stem);
                    }
                }
            }
        }
    }

    @Test
    void javaSerializedSeriesModelsKeepTheirElementErrors() throws Exception {
        for (String stem : List.of("series-ddpm-v0", "series-d3r-v0", "series-imdiffusion-v0")) {
            try (DMADModel proto = (DMADModel) ModelFiles.load(GOLDEN.resolve(stem + ".tribuo"));
                    DMADModel java = javaSerialized(stem)) {
                SeriesElementErrors p = assertInstanceOf(SeriesElementErrors.class, proto);
                SeriesElementErrors j = assertInstanceOf(SeriesElementErrors.class, java);
                var windows = windows(p.getWindowLength(), p.getChannels());
                assertArrayEquals(p.elementErrors(windows), j.elementErrors(windows), stem);
            }
        }
    }

    private static DMADModel javaSerialized(String stem) throws Exception {
        try (var in = new ObjectInputStream(
                Files.newInputStream(GOLDEN.resolve("java").resolve(stem + ".ser")))) {
            return (DMADModel) in.readObject();
        }
    }

    /** Windows of values in [-2, 2), the same on every run. */
    private static List<Example<Event>> windows(int length, int channels) {
        int d = length * channels;
        double[] values = rows(d);
        List<Example<Event>> out = new ArrayList<>();
        for (int i = 0; i < values.length / d; i++) {
            ArrayExample<Event> e = new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT);
            for (int k = 0; k < d; k++) {
                e.add(SeriesDDPMModel.featureName(k / channels, k % channels, length, channels), values[i * d + k]);
            }
            out.add(e);
        }
        return out;
    }

    /** Rows of values in [-2, 2), the same on every run. */
    private static double[] rows(int features) {
        SplittableRandom random = new SplittableRandom(15);
        double[] out = new double[8 * features];
        for (int i = 0; i < out.length; i++) {
            out[i] = random.nextDouble(-2, 2);
        }
        return out;
    }

    /**
     * Writes the Java-serialized files (run from tribuo-dmad with the test classpath, before a change to the models).
     *
     * @param args unused.
     * @throws Exception when a file cannot be read or written.
     */
    public static void main(String[] args) throws Exception {
        Files.createDirectories(GOLDEN.resolve("java"));
        for (String stem : STEMS) {
            try (DMADModel model = (DMADModel) ModelFiles.load(GOLDEN.resolve(stem + ".tribuo"));
                    var out = new ObjectOutputStream(
                            Files.newOutputStream(GOLDEN.resolve("java").resolve(stem + ".ser")))) {
                out.writeObject(model);
            }
        }
    }
}
