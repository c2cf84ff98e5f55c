package org.dmad.evaluation.detectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmad.tribuo.DDPMTrainer;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.dmad.tribuo.DTEInverseGammaTrainer;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.dmad.tribuo.DenoisingLikelihoodTrainer;
import org.dmad.tribuo.HybridTrainer;
import org.dmad.tribuo.LatentTrainer;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/**
 * The detectors the harness and the command line know, under their command-line names. This is the one place
 * where the names are defined (README's table is generated from {@link #describe()}).
 */
public final class DetectorRegistry {

    /** How a detector's trainer is made for one run. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param profile quick, paper or budget settings.
         * @param seed    the run's seed.
         * @param threads PyTorch intra-op threads (0 = automatic).
         * @param device  cpu, gpu, gpu:N or auto.
         * @return a new trainer.
         */
        Trainer<Event> create(Profile profile, long seed, int threads, String device);
    }

    /**
     * A detector known to the harness.
     *
     * @param name        the command-line name.
     * @param description one line for help texts.
     * @param factory     makes its trainer.
     */
    public record Detector(String name, String description, Factory factory) {}

    private static final Map<String, Detector> DETECTORS = new LinkedHashMap<>();

    static {
        register(
                "dte-c",
                "DTE-Categorical (Livernoche et al., ICLR 2024)",
                (profile, seed, threads, device) -> DTECategoricalTrainer.builder()
                        .epochs(profile.epochs(50))
                        .maxSteps(profile.maxSteps())
                        .seed(seed)
                        .threads(threads)
                        .device(device)
                        .build());
        register(
                "dte-ig",
                "DTE-InverseGamma (Livernoche et al., ICLR 2024)",
                (profile, seed, threads, device) -> DTEInverseGammaTrainer.builder()
                        .epochs(profile.epochs(100))
                        .maxSteps(profile.maxSteps())
                        .seed(seed)
                        .threads(threads)
                        .device(device)
                        .build());
        register(
                "dte-np",
                "DTE-NonParametric: k-NN distances to an inverse-gamma time posterior (no training)",
                (profile, seed, threads, device) -> DTENonParametricTrainer.builder()
                        .seed(seed)
                        .threads(threads)
                        .device(device)
                        .build());
        register(
                "ddpm",
                "DDPM reconstruction, 250 noise-free reverse steps (Ho et al. 2020; DTE paper settings)",
                (profile, seed, threads, device) -> DDPMTrainer.builder()
                        .epochs(profile.epochs(30))
                        .maxSteps(profile.maxSteps())
                        .seed(seed)
                        .threads(threads)
                        .device(device)
                        .build());
        register(
                "ddim",
                "The DDPM denoiser scored with 20 deterministic DDIM steps (Song et al. 2021)",
                (profile, seed, threads, device) -> DDPMTrainer.ddimBuilder(20)
                        .epochs(profile.epochs(30))
                        .maxSteps(profile.maxSteps())
                        .seed(seed)
                        .threads(threads)
                        .device(device)
                        .build());
        register(
                "dlik",
                "Denoising likelihood: mean denoising error over fixed timesteps and noises",
                (profile, seed, threads, device) -> DenoisingLikelihoodTrainer.builder()
                        .epochs(profile.epochs(30))
                        .maxSteps(profile.maxSteps())
                        .seed(seed)
                        .threads(threads)
                        .device(device)
                        .build());
        register(
                "latent",
                "DTE-C in the latent space of an autoencoder trained on the normal rows",
                (profile, seed, threads, device) -> LatentTrainer.builder()
                        .epochs(profile.epochs(50))
                        .maxSteps(profile.maxSteps())
                        .seed(seed)
                        .threads(threads)
                        .device(device)
                        .build());
        register(
                "hybrid",
                "Equal-weight ensemble of DDPM and DTE-C scores, each standardised on its training scores",
                (profile, seed, threads, device) -> HybridTrainer.builder()
                        .members(List.of(
                                DDPMTrainer.builder()
                                        .epochs(profile.epochs(30))
                                        .maxSteps(profile.maxSteps())
                                        .threads(threads)
                                        .device(device)
                                        .build(),
                                DTECategoricalTrainer.builder()
                                        .epochs(profile.epochs(50))
                                        .maxSteps(profile.maxSteps())
                                        .threads(threads)
                                        .device(device)
                                        .build()))
                        .seed(seed)
                        .threads(threads)
                        .device(device)
                        .build());
        register(
                "iforest",
                "Isolation forest, Weka's isolationForest package (100 trees, subsample 256)",
                (profile, seed, threads, device) -> new IsolationForestTrainer(100, 256, seed));
        // The RBF kernel's gamma = 1/d assumes standardised features: the trainer standardises (statistics kept in
        // the model), so `dmad train/score` on raw files behave as the benchmark does.
        register(
                "ocsvm",
                "One-class SVM, LibSVM through Tribuo (RBF, nu 0.5, gamma 1/d, standardised)",
                (profile, seed, threads, device) -> new OneClassSVMTrainer(0.5, 0));
    }

    private DetectorRegistry() {}

    private static void register(String name, String description, Factory factory) {
        DETECTORS.put(name, new Detector(name, description, factory));
    }

    /** @return every detector name, in registration order. */
    public static Set<String> names() {
        return DETECTORS.keySet();
    }

    /**
     * @param name a command-line name.
     * @return the detector.
     * @throws IllegalArgumentException for an unknown name, listing the known ones.
     */
    public static Detector get(String name) {
        Detector d = DETECTORS.get(name.trim());
        if (d == null) {
            throw new IllegalArgumentException(
                    "Unknown detector '" + name + "': use one of " + String.join(", ", DETECTORS.keySet()));
        }
        return d;
    }

    /**
     * Parses a comma-separated list of names; {@code all} stands for every detector.
     *
     * @param list e.g. "dte-c,iforest" or "all".
     * @return the names, validated.
     */
    public static List<String> parseList(String list) {
        if (list.trim().equals("all")) {
            return new ArrayList<>(DETECTORS.keySet());
        }
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(get(s).name());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("No detector named in '" + list + "'");
        }
        return out;
    }

    /** @return "name: description" lines for help texts. */
    public static String describe() {
        StringBuilder b = new StringBuilder();
        DETECTORS.values().forEach(d -> b.append(String.format("  %-8s %s%n", d.name(), d.description())));
        return b.toString();
    }
}
