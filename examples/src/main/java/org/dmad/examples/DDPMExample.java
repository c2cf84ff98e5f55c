package org.dmad.examples;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dmad.tribuo.DDPMModel;
import org.dmad.tribuo.DDPMTrainer;
import org.dmad.tribuo.DMADModel;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a DDPM reconstruction detector (Ho et al. 2020; settings of Livernoche et al., ICLR 2024) on generated
 * sensor readings, then scores held-out rows twice with the same denoiser: with the 250-step DDPM chain and with 20
 * DDIM steps (Song et al. 2021). Prints both AUROCs and scoring times, and the features that explain the most
 * anomalous row.
 * <pre>
 * java org.dmad.examples.DDPMExample [epochs]
 * </pre>
 */
public final class DDPMExample {

    /** Feature names of the generated data. */
    static final String[] FEATURES = {"current", "pressure", "temperature", "vibration"};

    /**
     * What the example measured.
     *
     * @param epochsRun      epochs the training ran.
     * @param ddpmAuroc      AUROC of DDPM-250 scores on the held-out rows.
     * @param ddimAuroc      AUROC of DDIM-20 scores.
     * @param ddpmSeconds    DDPM scoring time of the held-out rows.
     * @param ddimSeconds    DDIM scoring time.
     * @param topRow         the held-out row DDPM finds most anomalous.
     * @param shiftedFeature the feature that was shifted to make that row (null if it is a normal row).
     * @param topFeatures    that row's features, most responsible first, with their reconstruction errors.
     */
    public record Result(
            int epochsRun,
            double ddpmAuroc,
            double ddimAuroc,
            double ddpmSeconds,
            double ddimSeconds,
            int topRow,
            String shiftedFeature,
            List<Pair<String, Double>> topFeatures) {}

    private DDPMExample() {}

    /** Generated rows and, for each, the feature shifted to make it anomalous (null for a normal row). */
    private record Data(List<Example<Event>> rows, List<String> shifted) {}

    private static Data generate(int normals, int anomalies, long seed) {
        Random r = new Random(seed);
        List<Example<Event>> rows = new ArrayList<>();
        List<String> shifted = new ArrayList<>();
        for (int i = 0; i < normals + anomalies; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            double[] x = {a - b + 0.3 * r.nextGaussian(), 0.8 * a + 0.6 * b, a, r.nextGaussian()};
            boolean anomaly = i >= normals;
            String feature = null;
            if (anomaly) {
                int j = r.nextInt(4);
                x[j] += r.nextBoolean() ? 5 : -5;
                feature = FEATURES[j];
            }
            rows.add(new ArrayExample<>(
                    anomaly ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT, FEATURES, x));
            shifted.add(feature);
        }
        return new Data(rows, shifted);
    }

    /**
     * Runs the example.
     *
     * @param epochs training epochs (the paper allows up to 400, with early stopping).
     * @return what it measured.
     */
    public static Result run(int epochs) {
        AnomalyFactory factory = new AnomalyFactory();
        Data train = generate(1000, 0, 1);
        Data test = generate(500, 25, 2);
        MutableDataset<Event> trainData = new MutableDataset<>(new ListDataSource<>(
                train.rows(),
                factory,
                new SimpleDataSourceProvenance("generated-sensors", OffsetDateTime.now(), factory)));
        // One intra-op thread: with more, the denoiser's first training in a JVM is not always reproducible (see the
        // DDPMTrainer notes).
        DDPMTrainer trainer =
                DDPMTrainer.builder().epochs(epochs).seed(0).threads(1).build();
        try (DDPMModel ddpm = (DDPMModel) trainer.train(trainData);
                DDPMModel ddim = ddpm.withScoring(ddpm.getScoring().withDDIM(20), trainData)) {
            long start = System.nanoTime();
            double[] ddpmScores = ddpm.score(test.rows());
            double ddpmSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            double[] ddimScores = ddim.score(test.rows());
            double ddimSeconds = (System.nanoTime() - start) / 1e9;
            int top = 0;
            for (int i = 1; i < ddpmScores.length; i++) {
                top = ddpmScores[i] > ddpmScores[top] ? i : top;
            }
            List<Pair<String, Double>> features =
                    ddpm.getExcuse(test.rows().get(top)).orElseThrow().excuse(DMADModel.EXCUSE_KEY);
            return new Result(
                    ddpm.getEpochsRun(),
                    auroc(test.shifted(), ddpmScores),
                    auroc(test.shifted(), ddimScores),
                    ddpmSeconds,
                    ddimSeconds,
                    top,
                    test.shifted().get(top),
                    features);
        }
    }

    /** AUROC as the Mann-Whitney statistic, ties counted half. */
    static double auroc(List<String> shifted, double[] scores) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (shifted.get(i) != null && shifted.get(j) == null) {
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return wins / pairs;
    }

    /**
     * Command-line entry point.
     *
     * @param args optional: epochs (default 20).
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Result r = run(epochs);
        System.out.printf(Locale.ROOT, "Trained a DDPM denoiser for %d epochs on 1000 normal rows%n", r.epochsRun());
        System.out.printf(Locale.ROOT, "DDPM-250: AUROC %.4f, scoring %.2f s%n", r.ddpmAuroc(), r.ddpmSeconds());
        System.out.printf(Locale.ROOT, "DDIM-20:  AUROC %.4f, scoring %.2f s%n", r.ddimAuroc(), r.ddimSeconds());
        System.out.printf(
                Locale.ROOT,
                "Most anomalous held-out row: %d (shifted feature: %s)%n",
                r.topRow(),
                r.shiftedFeature() == null ? "none" : r.shiftedFeature());
        for (Pair<String, Double> f : r.topFeatures()) {
            System.out.printf(Locale.ROOT, "  %-12s reconstruction error %.4f%n", f.getA(), f.getB());
        }
    }
}
