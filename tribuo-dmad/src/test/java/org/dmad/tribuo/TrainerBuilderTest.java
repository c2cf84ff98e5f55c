package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The builders record settings onto a trainer made with the {@code @Config} defaults: a default-built trainer equals
 * the no-argument (OLCUT) trainer, and the same settings given to the builder and to an OLCUT configuration give
 * equal trainer provenance and text.
 */
class TrainerBuilderTest {

    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of(
                        new DTECategoricalTrainer(),
                        DTECategoricalTrainer.builder().build()),
                Arguments.of(
                        new DTEInverseGammaTrainer(),
                        DTEInverseGammaTrainer.builder().build()),
                Arguments.of(
                        new DTENonParametricTrainer(),
                        DTENonParametricTrainer.builder().build()),
                Arguments.of(new DDPMTrainer(), DDPMTrainer.builder().build()),
                Arguments.of(
                        new DenoisingLikelihoodTrainer(),
                        DenoisingLikelihoodTrainer.builder().build()),
                Arguments.of(new LatentTrainer(), LatentTrainer.builder().build()),
                Arguments.of(new HybridTrainer(), HybridTrainer.builder().build()),
                Arguments.of(
                        new SeriesDDPMTrainer(8), SeriesDDPMTrainer.builder(8).build()),
                Arguments.of(
                        new SeriesImDiffusionTrainer(8),
                        SeriesImDiffusionTrainer.builder(8).build()),
                Arguments.of(
                        new SeriesD3RTrainer(8), SeriesD3RTrainer.builder(8).build()));
    }

    @ParameterizedTest
    @MethodSource("defaults")
    void aDefaultBuiltTrainerEqualsTheNoArgumentTrainer(DMADTrainer noArg, DMADTrainer built) {
        assertEquals(noArg.getClass(), built.getClass());
        assertEquals(noArg.getProvenance(), built.getProvenance());
        assertEquals(noArg.toString(), built.toString());
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(
                        DTECategoricalTrainer.class,
                        Map.of("epochs", "7", "hiddenSizes", "16,8", "numBins", "5", "softmaxOutput", "false"),
                        (Supplier<DMADTrainer>) () -> DTECategoricalTrainer.builder()
                                .epochs(7)
                                .hiddenSizes(List.of(16, 8))
                                .numBins(5)
                                .softmaxOutput(false)
                                .build()),
                Arguments.of(
                        DTEInverseGammaTrainer.class,
                        Map.of("weightDecay", "0.001", "dropout", "0.25", "score", "raw"),
                        (Supplier<DMADTrainer>) () -> DTEInverseGammaTrainer.builder()
                                .weightDecay(0.001)
                                .dropout(0.25)
                                .score("raw")
                                .build()),
                Arguments.of(
                        DTENonParametricTrainer.class,
                        Map.of("k", "3", "schedule", "cosine", "contamination", "0.2"),
                        (Supplier<DMADTrainer>) () -> DTENonParametricTrainer.builder()
                                .k(3)
                                .schedule("cosine")
                                .contamination(0.2)
                                .build()),
                Arguments.of(
                        DDPMTrainer.class,
                        Map.of(
                                "timesteps",
                                "100",
                                "width",
                                "32",
                                "hiddenSize",
                                "64",
                                "embeddingSize",
                                "16",
                                "residualBlocks",
                                "2",
                                "sampler",
                                "ddim",
                                "ddimSteps",
                                "5",
                                "reconstructionTime",
                                "50",
                                "patience",
                                "0",
                                "minEpochs",
                                "3"),
                        (Supplier<DMADTrainer>) () -> DDPMTrainer.builder()
                                .timesteps(100)
                                .architecture(32, 64, 16, 2)
                                .sampler("ddim")
                                .ddimSteps(5)
                                .reconstructionTime(50)
                                .earlyStopping(0, 3)
                                .build()),
                Arguments.of(
                        DenoisingLikelihoodTrainer.class,
                        Map.of("statistic", "scorenorm", "scoreTimesteps", "3", "noiseDraws", "2", "dropoutFirst", "0"),
                        (Supplier<DMADTrainer>) () -> DenoisingLikelihoodTrainer.builder()
                                .statistic("scorenorm")
                                .lossDraws(3, 2)
                                .dropout(0, 0.1)
                                .build()),
                Arguments.of(
                        LatentTrainer.class,
                        Map.of("latentDetector", "ddpm", "autoencoderHiddenSizes", "32", "latentSize", "4"),
                        (Supplier<DMADTrainer>) () -> LatentTrainer.builder()
                                .latentDetector("ddpm")
                                .autoencoderHiddenSizes(List.of(32))
                                .latentSize(4)
                                .build()),
                Arguments.of(HybridTrainer.class, Map.of("weights", "0.25,0.75", "seed", "5"), (Supplier<DMADTrainer>)
                        () -> HybridTrainer.builder()
                                .weights(List.of(0.25, 0.75))
                                .seed(5)
                                .build()),
                Arguments.of(
                        SeriesDDPMTrainer.class,
                        Map.of("windowLength", "6", "mode", "imputation", "maskCount", "3", "device", "auto"),
                        (Supplier<DMADTrainer>) () -> SeriesDDPMTrainer.builder(6)
                                .mode("imputation")
                                .maskCount(3)
                                .device("auto")
                                .build()),
                Arguments.of(
                        SeriesImDiffusionTrainer.class,
                        Map.of("windowLength", "6", "gratingWidth", "2", "ensembleSteps", "2", "threads", "2"),
                        (Supplier<DMADTrainer>) () -> SeriesImDiffusionTrainer.builder(6)
                                .gratingWidth(2)
                                .ensembleSteps(2)
                                .threads(2)
                                .build()),
                Arguments.of(
                        SeriesD3RTrainer.class,
                        Map.of("windowLength", "6", "trendWindow", "3", "disturbance", "0.5", "maxSteps", "100"),
                        (Supplier<DMADTrainer>) () -> SeriesD3RTrainer.builder(6)
                                .trendWindow(3)
                                .disturbance(0.5)
                                .maxSteps(100)
                                .build()));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void theBuilderAndOlcutGiveEqualTrainerProvenance(
            Class<? extends DMADTrainer> type, Map<String, String> config, Supplier<DMADTrainer> builder) {
        DMADTrainer configured = configure(type, config);
        DMADTrainer built = builder.get();
        assertEquals(configured.getProvenance(), built.getProvenance());
        assertEquals(configured.toString(), built.toString());
        // The settings differ from the defaults: the comparison is not between two default trainers.
        DMADTrainer defaults = configure(
                type,
                type.getSimpleName().startsWith("Series")
                        ? Map.of("windowLength", config.get("windowLength"))
                        : Map.of());
        assertNotEquals(defaults.getProvenance(), built.getProvenance());
    }

    @Test
    void everyBuildMakesANewTrainerAndLaterSettingsLeaveEarlierTrainersAlone() {
        DTECategoricalTrainer.Builder builder = DTECategoricalTrainer.builder().epochs(3);
        DTECategoricalTrainer first = builder.build();
        DTECategoricalTrainer second = builder.build();
        assertNotSame(first, second);
        assertEquals(first.getProvenance(), second.getProvenance());
        builder.epochs(9).hiddenSizes(List.of(4));
        DTECategoricalTrainer third = builder.build();
        assertEquals(3, first.getEpochs());
        assertEquals(9, third.getEpochs());
        assertEquals("DTECategoricalTrainer(", first.toString().substring(0, "DTECategoricalTrainer(".length()));
        assertEquals(true, first.toString().contains("hiddenSizes=[256, 512, 256]"), first.toString());
        assertEquals(true, third.toString().contains("hiddenSizes=[4]"), third.toString());
    }

    @Test
    void theTextShowsEverySettingTheSharedOnesFirst() {
        assertEquals(
                "DTENonParametricTrainer(epochs=400,batchSize=64,maxSteps=0,learningRate=1.0E-4,weightDecay=5.0E-4,"
                        + "adamKernel=fused,seed=12345,device=cpu,threads=0,contamination=0.1,timesteps=300,"
                        + "schedule=linear,k=5,score=posteriorMean)",
                new DTENonParametricTrainer().toString());
    }

    /**
     * A setting that several trainers have is declared once: the same name means the same description everywhere
     * (the reverse chain's in {@link ReverseChainTrainer}, the window length in one constant), except the
     * imputation settings of {@link SeriesImDiffusionTrainer}, whose {@code reconstructionTime} and
     * {@code ddimSteps} are its own (another default, another meaning), and each DTE detector's {@code score}, whose
     * variants are its own.
     */
    @Test
    void aSettingSharedByTrainersHasOneDescription() {
        Map<String, String> described = new LinkedHashMap<>();
        Map<String, Class<?>> where = new LinkedHashMap<>();
        for (Class<?> type : List.of(
                DDPMTrainer.class,
                SeriesDDPMTrainer.class,
                SeriesD3RTrainer.class,
                SeriesImDiffusionTrainer.class,
                DenoisingLikelihoodTrainer.class,
                DTECategoricalTrainer.class,
                DTEInverseGammaTrainer.class,
                DTENonParametricTrainer.class)) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (var f : c.getDeclaredFields()) {
                    var config = f.getAnnotation(Config.class);
                    boolean ownMeaning = c == SeriesImDiffusionTrainer.class
                                    && (f.getName().equals("reconstructionTime")
                                            || f.getName().equals("ddimSteps"))
                            || f.getName().equals("score");
                    if (config == null || ownMeaning) {
                        continue;
                    }
                    String earlier = described.putIfAbsent(f.getName(), config.description());
                    where.putIfAbsent(f.getName(), type);
                    assertEquals(
                            earlier == null ? config.description() : earlier,
                            config.description(),
                            f.getName() + " of " + type.getSimpleName() + " and of "
                                    + where.get(f.getName()).getSimpleName());
                }
            }
        }
        assertEquals(true, described.containsKey("ddimEta"), described.keySet().toString());
        assertEquals(
                true, described.containsKey("windowLength"), described.keySet().toString());
    }

    /**
     * A setting that several trainers share is declared by one class: the diffusion settings by
     * {@link DiffusionTrainer}, the DTE network's by {@link DTENetworkTrainer}, the denoiser's by
     * {@link DenoiserTrainer}. The names declared more than once are settings of their own under a shared name: each
     * detector's {@code score} (its own variants), {@link LatentTrainer}'s {@code hiddenSizes} (the widths of its
     * latent DTE-C network), the imputation settings of {@link SeriesImDiffusionTrainer}, and each series trainer's
     * {@code windowLength} and {@code channelScale}, declared by {@link SeriesTrainer} and again by
     * {@link SeriesDDPMTrainer}, which extends the reverse chain's trainer (one description, one constant).
     */
    @Test
    void aSettingSharedByDetectorsIsDeclaredByOneClass() {
        Map<String, Set<Class<?>>> declaring = new TreeMap<>();
        for (Class<?> type : List.of(
                DTECategoricalTrainer.class,
                DTEInverseGammaTrainer.class,
                DTENonParametricTrainer.class,
                DDPMTrainer.class,
                DenoisingLikelihoodTrainer.class,
                LatentTrainer.class,
                HybridTrainer.class,
                SeriesDDPMTrainer.class,
                SeriesImDiffusionTrainer.class,
                SeriesD3RTrainer.class)) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (var f : c.getDeclaredFields()) {
                    if (f.isAnnotationPresent(Config.class)) {
                        declaring
                                .computeIfAbsent(f.getName(), n -> new LinkedHashSet<>())
                                .add(c);
                    }
                }
            }
        }
        Map<String, Set<Class<?>>> repeated = new TreeMap<>();
        declaring.forEach((name, classes) -> {
            if (classes.size() > 1) {
                repeated.put(name, classes);
            }
        });
        assertEquals(
                Set.of("channelScale", "ddimSteps", "hiddenSizes", "reconstructionTime", "score", "windowLength"),
                repeated.keySet(),
                repeated.toString());
        assertEquals(Set.of(DiffusionTrainer.class), declaring.get("timesteps"));
        assertEquals(Set.of(DiffusionTrainer.class), declaring.get("schedule"));
        assertEquals(Set.of(DTENetworkTrainer.class), declaring.get("dropout"));
        assertEquals(Set.of(DTENetworkTrainer.class, LatentTrainer.class), declaring.get("hiddenSizes"));
        assertEquals(Set.of(SeriesTrainer.class, SeriesDDPMTrainer.class), declaring.get("channelScale"));
    }

    private static DMADTrainer configure(Class<? extends DMADTrainer> type, Map<String, String> config) {
        Map<String, Property> properties = new LinkedHashMap<>();
        config.forEach((k, v) -> properties.put(
                k,
                v.contains(",")
                        ? ListProperty.createFromStringList(Arrays.asList(v.split(",")))
                        : isList(type, k) ? ListProperty.createFromStringList(List.of(v)) : new SimpleProperty(v)));
        ConfigurationManager cm = new ConfigurationManager();
        try {
            cm.addConfiguration(new ConfigurationData("trainer", type.getName(), properties));
            return (DMADTrainer) cm.lookup("trainer");
        } finally {
            cm.close();
        }
    }

    private static boolean isList(Class<?> type, String name) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            try {
                return List.class.isAssignableFrom(t.getDeclaredField(name).getType());
            } catch (NoSuchFieldException e) {
                // Look in the superclass.
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no field " + name);
    }
}
