package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validated setting of every trainer, given a bad value through an OLCUT configuration and through the
 * builder: the trainer refuses it with a {@link PropertyException} for exactly that field, whose message names the
 * setting and shows the offending value (or the setting it contradicts).
 */
class SettingValidationTest {

    /** Series trainers need a window length; 8 suits every check below. */
    private static final int WINDOW = 8;

    /**
     * One bad setting.
     *
     * @param trainer  the trainer class.
     * @param field    the {@code @Config} field that must be blamed.
     * @param config   the OLCUT properties (the bad one and the settings it is checked against), as text.
     * @param builder  builds the same settings through the builder.
     * @param fragment text the message must show besides the field name.
     */
    record Case(
            Class<? extends DMADTrainer> trainer,
            String field,
            Map<String, String> config,
            Supplier<DMADTrainer> builder,
            String fragment) {
        @Override
        public String toString() {
            return trainer.getSimpleName() + " " + config;
        }
    }

    /** A trainer and its builder path for the shared and denoiser settings. */
    private record Trainer(
            Class<? extends DMADTrainer> type,
            Map<String, String> required,
            Function<Consumer<DMADTrainer.Builder<?, ?>>, DMADTrainer> shared,
            Function<Consumer<DenoiserTrainer.DenoiserSettings<?, ?>>, DMADTrainer> denoiser) {}

    private static final List<Trainer> TRAINERS = List.of(
            new Trainer(DTECategoricalTrainer.class, Map.of(), c -> with(DTECategoricalTrainer.builder(), c), null),
            new Trainer(DTEInverseGammaTrainer.class, Map.of(), c -> with(DTEInverseGammaTrainer.builder(), c), null),
            new Trainer(DTENonParametricTrainer.class, Map.of(), c -> with(DTENonParametricTrainer.builder(), c), null),
            new Trainer(
                    DDPMTrainer.class,
                    Map.of(),
                    c -> with(DDPMTrainer.builder(), c),
                    c -> with(DDPMTrainer.builder(), c)),
            new Trainer(
                    DenoisingLikelihoodTrainer.class,
                    Map.of(),
                    c -> with(DenoisingLikelihoodTrainer.builder(), c),
                    c -> with(DenoisingLikelihoodTrainer.builder(), c)),
            new Trainer(LatentTrainer.class, Map.of(), c -> with(LatentTrainer.builder(), c), null),
            new Trainer(HybridTrainer.class, Map.of(), c -> with(HybridTrainer.builder(), c), null),
            new Trainer(
                    SeriesDDPMTrainer.class,
                    Map.of("windowLength", "" + WINDOW),
                    c -> with(SeriesDDPMTrainer.builder(WINDOW), c),
                    c -> with(SeriesDDPMTrainer.builder(WINDOW), c)),
            new Trainer(
                    SeriesImDiffusionTrainer.class,
                    Map.of("windowLength", "" + WINDOW),
                    c -> with(SeriesImDiffusionTrainer.builder(WINDOW), c),
                    c -> with(SeriesImDiffusionTrainer.builder(WINDOW), c)),
            new Trainer(
                    SeriesD3RTrainer.class,
                    Map.of("windowLength", "" + WINDOW),
                    c -> with(SeriesD3RTrainer.builder(WINDOW), c),
                    c -> with(SeriesD3RTrainer.builder(WINDOW), c)));

    private static <B extends DMADTrainer.Builder<?, ?>> DMADTrainer with(B builder, Consumer<? super B> settings) {
        settings.accept(builder);
        return builder.build();
    }

    static Stream<Arguments> cases() {
        List<Case> out = new ArrayList<>();
        for (Trainer t : TRAINERS) {
            shared(out, t, "epochs", "0", b -> b.epochs(0));
            shared(out, t, "batchSize", "0", b -> b.batchSize(0));
            shared(out, t, "maxSteps", "-1", b -> b.maxSteps(-1));
            shared(out, t, "learningRate", "0", b -> b.learningRate(0));
            shared(out, t, "learningRate", "Infinity", b -> b.learningRate(Double.POSITIVE_INFINITY));
            shared(out, t, "weightDecay", "-1", b -> b.weightDecay(-1));
            shared(out, t, "adamKernel", "adamw", b -> b.adamKernel("adamw"));
            shared(out, t, "device", "tpu", b -> b.device("tpu"));
            shared(out, t, "threads", "-1", b -> b.threads(-1));
            shared(out, t, "contamination", "0.6", b -> b.contamination(0.6));
            shared(out, t, "contamination", "0", b -> b.contamination(0));
            if (t.denoiser() != null) {
                denoiser(out, t, "timesteps", "1", b -> b.timesteps(1));
                denoiser(out, t, "schedule", "quadratic", b -> b.schedule("quadratic"));
                denoiser(out, t, "width", "0", b -> b.architecture(0, 256, 256, 3));
                denoiser(out, t, "hiddenSize", "0", b -> b.architecture(128, 0, 256, 3));
                denoiser(out, t, "embeddingSize", "3", b -> b.architecture(128, 256, 3, 3));
                denoiser(out, t, "residualBlocks", "-1", b -> b.architecture(128, 256, 256, -1));
                denoiser(out, t, "dropoutFirst", "1", b -> b.dropout(1, 0.1));
                denoiser(out, t, "dropoutSecond", "-0.5", b -> b.dropout(0.4, -0.5));
                denoiser(out, t, "patience", "-1", b -> b.earlyStopping(-1, 51));
                denoiser(out, t, "minEpochs", "-1", b -> b.earlyStopping(39, -1));
            }
        }
        mlp(out, DTECategoricalTrainer.class, DTECategoricalTrainer::builder);
        add(
                out,
                DTECategoricalTrainer.class,
                "numBins",
                Map.of("numBins", "1"),
                "1",
                () -> DTECategoricalTrainer.builder().numBins(1).build());
        add(
                out,
                DTECategoricalTrainer.class,
                "numBins",
                Map.of("numBins", "401"),
                "timesteps = 400",
                () -> DTECategoricalTrainer.builder().numBins(401).build());
        mlp(out, DTEInverseGammaTrainer.class, DTEInverseGammaTrainer::builder);
        add(
                out,
                DTEInverseGammaTrainer.class,
                "score",
                Map.of("score", "mean"),
                "betaHat",
                () -> DTEInverseGammaTrainer.builder().score("mean").build());
        add(
                out,
                DTENonParametricTrainer.class,
                "k",
                Map.of("k", "0"),
                "0",
                () -> DTENonParametricTrainer.builder().k(0).build());
        add(
                out,
                DTENonParametricTrainer.class,
                "timesteps",
                Map.of("timesteps", "1"),
                "1",
                () -> DTENonParametricTrainer.builder().timesteps(1).build());
        add(
                out,
                DTENonParametricTrainer.class,
                "schedule",
                Map.of("schedule", "quadratic"),
                "quadratic",
                () -> DTENonParametricTrainer.builder().schedule("quadratic").build());
        add(
                out,
                DTENonParametricTrainer.class,
                "score",
                Map.of("score", "median"),
                "posteriorMean",
                () -> DTENonParametricTrainer.builder().score("median").build());

        reconstruction(out, DDPMTrainer.class, Map.of(), DDPMTrainer::builder);
        add(
                out,
                DenoisingLikelihoodTrainer.class,
                "statistic",
                Map.of("statistic", "mean"),
                "scorenorm",
                () -> DenoisingLikelihoodTrainer.builder().statistic("mean").build());
        add(
                out,
                DenoisingLikelihoodTrainer.class,
                "scoreTimesteps",
                Map.of("scoreTimesteps", "1001"),
                "1001",
                () -> DenoisingLikelihoodTrainer.builder().lossDraws(1001, 4).build());
        add(
                out,
                DenoisingLikelihoodTrainer.class,
                "noiseDraws",
                Map.of("noiseDraws", "0"),
                "0",
                () -> DenoisingLikelihoodTrainer.builder().lossDraws(10, 0).build());
        add(
                out,
                DenoisingLikelihoodTrainer.class,
                "scoreNormTime",
                Map.of("scoreNormTime", "1000"),
                "1000",
                () -> DenoisingLikelihoodTrainer.builder().scoreNormTime(1000).build());

        add(
                out,
                LatentTrainer.class,
                "latentDetector",
                Map.of("latentDetector", "knn"),
                "dte-c",
                () -> LatentTrainer.builder().latentDetector("knn").build());
        add(
                out,
                LatentTrainer.class,
                "latentSize",
                Map.of("latentSize", "-1"),
                "-1",
                () -> LatentTrainer.builder().latentSize(-1).build());
        add(
                out,
                LatentTrainer.class,
                "latentSize",
                Map.of("latentSize", "2", "latentDetector", "dte-np"),
                "dte-np",
                () -> LatentTrainer.builder()
                        .latentSize(2)
                        .latentDetector("dte-np")
                        .build());
        add(
                out,
                LatentTrainer.class,
                "autoencoderHiddenSizes",
                Map.of("autoencoderHiddenSizes", "64,0"),
                "[64, 0]",
                () -> LatentTrainer.builder()
                        .autoencoderHiddenSizes(List.of(64, 0))
                        .build());
        add(
                out,
                LatentTrainer.class,
                "autoencoderEpochs",
                Map.of("autoencoderEpochs", "0"),
                "0",
                () -> LatentTrainer.builder().autoencoderEpochs(0).build());
        add(
                out,
                LatentTrainer.class,
                "autoencoderLearningRate",
                Map.of("autoencoderLearningRate", "-1"),
                "-1",
                () -> LatentTrainer.builder().autoencoderLearningRate(-1).build());
        add(
                out,
                LatentTrainer.class,
                "hiddenSizes",
                Map.of("hiddenSizes", "0"),
                "[0]",
                () -> LatentTrainer.builder().hiddenSizes(List.of(0)).build());
        add(
                out,
                LatentTrainer.class,
                "reconstructionWeight",
                Map.of("reconstructionWeight", "1.5"),
                "1.5",
                () -> LatentTrainer.builder().reconstructionWeight(1.5).build());

        add(
                out,
                HybridTrainer.class,
                "weights",
                Map.of("weights", "1,-1"),
                "-1",
                () -> HybridTrainer.builder().weights(List.of(1.0, -1.0)).build());
        add(
                out,
                HybridTrainer.class,
                "weights",
                Map.of("weights", "1,1,1"),
                "one per member",
                () -> HybridTrainer.builder().weights(List.of(1.0, 1.0, 1.0)).build());

        String w = "" + WINDOW;
        reconstruction(
                out, SeriesDDPMTrainer.class, Map.of("windowLength", w), () -> SeriesDDPMTrainer.builder(WINDOW));
        add(
                out,
                SeriesDDPMTrainer.class,
                "windowLength",
                Map.of("windowLength", "0"),
                "0",
                () -> SeriesDDPMTrainer.builder(0).build());
        add(
                out,
                SeriesDDPMTrainer.class,
                "mode",
                Map.of("windowLength", w, "mode", "forecast"),
                "imputation",
                () -> SeriesDDPMTrainer.builder(WINDOW).mode("forecast").build());
        add(
                out,
                SeriesDDPMTrainer.class,
                "maskCount",
                Map.of("windowLength", w, "mode", "imputation", "maskCount", "9"),
                "windowLength = 8",
                () -> SeriesDDPMTrainer.builder(WINDOW)
                        .mode("imputation")
                        .maskCount(9)
                        .build());
        add(
                out,
                SeriesDDPMTrainer.class,
                "maskCount",
                Map.of("windowLength", w, "maskCount", "0"),
                "0",
                () -> SeriesDDPMTrainer.builder(WINDOW).maskCount(0).build());
        add(
                out,
                SeriesDDPMTrainer.class,
                "maskWidth",
                Map.of("windowLength", w, "mode", "imputation", "maskWidth", "5"),
                "windowLength = 8",
                () -> SeriesDDPMTrainer.builder(WINDOW)
                        .mode("imputation")
                        .maskWidth(5)
                        .build());
        add(
                out,
                SeriesDDPMTrainer.class,
                "maskStart",
                Map.of("windowLength", w, "mode", "imputation", "maskStart", "median"),
                "median",
                () -> SeriesDDPMTrainer.builder(WINDOW)
                        .mode("imputation")
                        .maskStart("median")
                        .build());
        add(
                out,
                SeriesDDPMTrainer.class,
                "start",
                Map.of("windowLength", w, "mode", "imputation", "start", "input"),
                "input",
                () -> SeriesDDPMTrainer.builder(WINDOW)
                        .mode("imputation")
                        .start("input")
                        .build());
        add(
                out,
                SeriesDDPMTrainer.class,
                "fullPath",
                Map.of("windowLength", w, "mode", "imputation", "fullPath", "true"),
                "imputation",
                () -> SeriesDDPMTrainer.builder(WINDOW)
                        .mode("imputation")
                        .fullPath(true)
                        .build());

        add(
                out,
                SeriesImDiffusionTrainer.class,
                "windowLength",
                Map.of("windowLength", "1"),
                "1",
                () -> SeriesImDiffusionTrainer.builder(1).build());
        add(
                out,
                SeriesImDiffusionTrainer.class,
                "reconstructionTime",
                Map.of("windowLength", w, "reconstructionTime", "1001"),
                "1001",
                () -> SeriesImDiffusionTrainer.builder(WINDOW)
                        .reconstructionTime(1001)
                        .build());
        add(
                out,
                SeriesImDiffusionTrainer.class,
                "gratingWidth",
                Map.of("windowLength", w, "gratingWidth", "8"),
                "windowLength - 1 = 7",
                () -> SeriesImDiffusionTrainer.builder(WINDOW).gratingWidth(8).build());
        add(
                out,
                SeriesImDiffusionTrainer.class,
                "ddimSteps",
                Map.of("windowLength", w, "ddimSteps", "0"),
                "0",
                () -> SeriesImDiffusionTrainer.builder(WINDOW).ddimSteps(0).build());
        add(
                out,
                SeriesImDiffusionTrainer.class,
                "ensembleSteps",
                Map.of("windowLength", w, "ensembleSteps", "9"),
                "ddimSteps = 8",
                () -> SeriesImDiffusionTrainer.builder(WINDOW).ensembleSteps(9).build());

        add(
                out,
                SeriesD3RTrainer.class,
                "windowLength",
                Map.of("windowLength", "0"),
                "0",
                () -> SeriesD3RTrainer.builder(0).build());
        add(
                out,
                SeriesD3RTrainer.class,
                "trendWindow",
                Map.of("windowLength", w, "trendWindow", "0"),
                "0",
                () -> SeriesD3RTrainer.builder(WINDOW).trendWindow(0).build());
        add(
                out,
                SeriesD3RTrainer.class,
                "noiseTime",
                Map.of("windowLength", w, "noiseTime", "-1"),
                "-1",
                () -> SeriesD3RTrainer.builder(WINDOW).noiseTime(-1).build());
        add(
                out,
                SeriesD3RTrainer.class,
                "disturbance",
                Map.of("windowLength", w, "disturbance", "NaN"),
                "NaN",
                () -> SeriesD3RTrainer.builder(WINDOW).disturbance(Double.NaN).build());
        return out.stream().map(c -> Arguments.of(c));
    }

    private static void shared(
            List<Case> out, Trainer t, String field, String value, Consumer<DMADTrainer.Builder<?, ?>> setting) {
        Map<String, String> config = new LinkedHashMap<>(t.required());
        config.put(field, value);
        out.add(new Case(t.type(), field, config, () -> t.shared().apply(setting), value));
    }

    private static void denoiser(
            List<Case> out,
            Trainer t,
            String field,
            String value,
            Consumer<DenoiserTrainer.DenoiserSettings<?, ?>> setting) {
        Map<String, String> config = new LinkedHashMap<>(t.required());
        config.put(field, value);
        out.add(new Case(t.type(), field, config, () -> t.denoiser().apply(setting), value));
    }

    private static void add(
            List<Case> out,
            Class<? extends DMADTrainer> trainer,
            String field,
            Map<String, String> config,
            String fragment,
            Supplier<DMADTrainer> builder) {
        out.add(new Case(trainer, field, config, builder, fragment));
    }

    private static void mlp(
            List<Case> out, Class<? extends DMADTrainer> trainer, Supplier<DMADTrainer.Builder<?, ?>> builder) {
        add(
                out,
                trainer,
                "hiddenSizes",
                Map.of("hiddenSizes", "256,0"),
                "[256, 0]",
                () -> built(builder, "hiddenSizes", List.of(256, 0)));
        add(out, trainer, "timesteps", Map.of("timesteps", "1"), "1", () -> built(builder, "timesteps", 1));
        add(out, trainer, "dropout", Map.of("dropout", "1"), "1", () -> built(builder, "dropout", 1.0));
        add(out, trainer, "dropout", Map.of("dropout", "-0.1"), "-0.1", () -> built(builder, "dropout", -0.1));
        add(
                out,
                trainer,
                "schedule",
                Map.of("schedule", "quadratic"),
                "quadratic",
                () -> built(builder, "schedule", "quadratic"));
    }

    private static void reconstruction(
            List<Case> out,
            Class<? extends DMADTrainer> trainer,
            Map<String, String> required,
            Supplier<DMADTrainer.Builder<?, ?>> builder) {
        add(
                out,
                trainer,
                "sampler",
                config(required, "sampler", "euler"),
                "euler",
                () -> built(builder, "sampler", "euler"));
        add(
                out,
                trainer,
                "reconstructionTime",
                config(required, "reconstructionTime", "0"),
                "0",
                () -> built(builder, "reconstructionTime", 0));
        add(
                out,
                trainer,
                "reconstructionTime",
                config(required, "reconstructionTime", "1001"),
                "timesteps = 1000",
                () -> built(builder, "reconstructionTime", 1001));
        add(
                out,
                trainer,
                "start",
                config(required, "start", "middle"),
                "middle",
                () -> built(builder, "start", "middle"));
        add(
                out,
                trainer,
                "start",
                config(required, "start", "inversion", "sampler", "ddpm"),
                "ddim",
                () -> built(builder, "start", "inversion", "sampler", "ddpm"));
        add(
                out,
                trainer,
                "stochastic",
                config(required, "stochastic", "true", "sampler", "ddim"),
                "ddim",
                () -> built(builder, "stochastic", true, "sampler", "ddim"));
        add(
                out,
                trainer,
                "ddimSteps",
                config(required, "ddimSteps", "300", "sampler", "ddim"),
                "reconstructionTime = 250",
                () -> built(builder, "ddimSteps", 300, "sampler", "ddim"));
        add(out, trainer, "ddimSteps", config(required, "ddimSteps", "0"), "0", () -> built(builder, "ddimSteps", 0));
        add(out, trainer, "ddimEta", config(required, "ddimEta", "1.5"), "1.5", () -> built(builder, "ddimEta", 1.5));
    }

    /**
     * Calls the builder's one-argument setters by name (the MLP and reconstruction setters are declared by each
     * builder) and builds.
     */
    private static DMADTrainer built(Supplier<DMADTrainer.Builder<?, ?>> builder, Object... settings) {
        DMADTrainer.Builder<?, ?> b = builder.get();
        for (int i = 0; i < settings.length; i += 2) {
            String name = (String) settings[i];
            Method setter = Arrays.stream(b.getClass().getMethods())
                    .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(b.getClass() + " has no setter " + name));
            try {
                setter.invoke(b, settings[i + 1]);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.build();
    }

    private static Map<String, String> config(Map<String, String> required, String... pairs) {
        Map<String, String> out = new LinkedHashMap<>(required);
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void olcutConfigurationNamesTheSetting(Case c) {
        Map<String, Property> properties = new HashMap<>();
        for (Map.Entry<String, String> e : c.config().entrySet()) {
            properties.put(
                    e.getKey(),
                    List.class.isAssignableFrom(field(c.trainer(), e.getKey()).getType())
                            ? ListProperty.createFromStringList(
                                    Arrays.asList(e.getValue().split(",")))
                            : new SimpleProperty(e.getValue()));
        }
        ConfigurationManager cm = new ConfigurationManager();
        try {
            cm.addConfiguration(new ConfigurationData("trainer", c.trainer().getName(), properties));
            assertNamed(c, () -> cm.lookup("trainer"));
        } finally {
            cm.close();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void builderNamesTheSetting(Case c) {
        assertNamed(c, c.builder()::get);
    }

    private static void assertNamed(Case c, Runnable build) {
        PropertyException e = assertThrows(PropertyException.class, build::run, c.toString());
        assertEquals(c.field(), e.getProperty(), e.getMessage());
        assertTrue(e.getMsg().contains(c.field()), "the message names the setting: " + e.getMsg());
        assertTrue(e.getMsg().contains(c.fragment()), "the message shows '" + c.fragment() + "': " + e.getMsg());
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            try {
                return t.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // Look in the superclass.
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no field " + name);
    }
}
