package org.dmad.examples;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dmad.tribuo.DDPMTrainer;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.dmad.tribuo.HybridModel;
import org.dmad.tribuo.HybridTrainer;
import org.dmad.tribuo.LatentModel;
import org.dmad.tribuo.LatentTrainer;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The two composite detectors of dmad through the Tribuo API, on readings of twelve sensors driven by three hidden
 * operating factors (a low-dimensional structure, as many plant sensors have):
 * <ul>
 *     <li>latent diffusion ({@link LatentTrainer}): an autoencoder compresses the twelve readings to a code, and
 *     DTE-C learns the codes (after Rombach et al., CVPR 2022); once with the latent score alone, once with the
 *     autoencoder's reconstruction error mixed in at weight 0.5;</li>
 *     <li>hybrid ({@link HybridTrainer}): DDPM reconstruction and DTE-C trained side by side, each score standardised
 *     against its training scores and averaged (Aggarwal and Sathe, SIGKDD Explorations 2015).</li>
 * </ul>
 * The test rows hold two kinds of anomalies: a shifted operating point (all factors far out, which the code sees) and
 * a single broken sensor (a reading 6 standard deviations off that the factors do not explain, which only a
 * reconstruction sees). Each detector's AUROC is printed; for the hybrid, its members' too.
 * <pre>
 * java org.dmad.examples.LatentHybridExample [epochs]
 * </pre>
 */
public final class LatentHybridExample {

    /** Sensors per row. */
    public static final int SENSORS = 12;

    /**
     * What one detector did.
     *
     * @param detector   the detector's name.
     * @param auroc      its AUROC on the test rows.
     * @param fitSeconds training time.
     */
    public record DetectorResult(String detector, double auroc, double fitSeconds) {}

    /**
     * What the example produced.
     *
     * @param trainingRows  the number of normal training rows.
     * @param testRows      the number of test rows.
     * @param anomalies     how many test rows are anomalies.
     * @param latentSize    the code width the latent detector chose.
     * @param detectors     latent, latent + reconstruction, hybrid.
     * @param memberAurocs  the hybrid's members' AUROCs: DDPM, DTE-C.
     */
    public record Result(
            int trainingRows,
            int testRows,
            int anomalies,
            int latentSize,
            List<DetectorResult> detectors,
            List<Double> memberAurocs) {}

    private LatentHybridExample() {}

    /** Generated rows and, per row, what was done to it (null for a normal row). */
    private record Rows(List<Example<Event>> examples, List<String> planted) {}

    /**
     * Runs the example.
     *
     * @param epochs training epochs of each diffusion part (the papers use 400; 20 is enough on this data).
     * @param seed   seed of the data and of the detectors.
     * @return AUROC per detector.
     */
    public static Result run(int epochs, long seed) {
        Random random = new Random(seed);
        double[][] loadings = new double[SENSORS][3];
        for (double[] row : loadings) {
            for (int k = 0; k < 3; k++) {
                row[k] = random.nextGaussian();
            }
        }
        Rows train = generate(800, 0, loadings, random);
        Rows test = generate(400, 40, loadings, random);
        MutableDataset<Event> data = dataset(train.examples());
        List<DetectorResult> results = new ArrayList<>();
        List<Double> members = new ArrayList<>();
        int latentSize = 0;
        List<Trainer<Event>> trainers = List.of(
                LatentTrainer.builder().epochs(epochs).seed(seed).build(),
                LatentTrainer.builder()
                        .epochs(epochs)
                        .reconstructionWeight(0.5)
                        .seed(seed)
                        .build(),
                HybridTrainer.builder()
                        .members(List.of(
                                DDPMTrainer.builder().epochs(epochs).build(),
                                DTECategoricalTrainer.builder().epochs(epochs).build()))
                        .seed(seed)
                        .build());
        List<String> names = List.of("latent", "latent+rec", "hybrid");
        for (int t = 0; t < trainers.size(); t++) {
            long start = System.nanoTime();
            try (DMADModel model = (DMADModel) trainers.get(t).train(data)) {
                double fit = (System.nanoTime() - start) / 1e9;
                results.add(new DetectorResult(
                        names.get(t), DDPMExample.auroc(test.planted(), model.score(test.examples())), fit));
                if (model instanceof LatentModel latent) {
                    latentSize = latent.getLatentSize();
                }
                if (model instanceof HybridModel hybrid) {
                    for (DMADModel member : hybrid.getMembers()) {
                        members.add(DDPMExample.auroc(test.planted(), member.score(test.examples())));
                    }
                }
            }
        }
        return new Result(
                train.examples().size(),
                test.examples().size(),
                40,
                latentSize,
                List.copyOf(results),
                List.copyOf(members));
    }

    /**
     * Twelve readings = loadings x three standard normal factors + small noise. Half the anomalies move the factors
     * 4 standard deviations out (an unusual operating point); the other half break one sensor by 6 standard
     * deviations of its reading.
     */
    private static Rows generate(int normals, int anomalies, double[][] loadings, Random random) {
        List<Example<Event>> examples = new ArrayList<>();
        List<String> planted = new ArrayList<>();
        String[] names = new String[SENSORS];
        for (int j = 0; j < SENSORS; j++) {
            names[j] = String.format(Locale.ROOT, "sensor%02d", j);
        }
        for (int i = 0; i < normals + anomalies; i++) {
            double[] factors = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            boolean operatingPoint = i >= normals && (i - normals) % 2 == 0;
            if (operatingPoint) {
                factors[random.nextInt(3)] += random.nextBoolean() ? 4 : -4;
            }
            double[] x = new double[SENSORS];
            double norm = 0;
            for (int j = 0; j < SENSORS; j++) {
                for (int k = 0; k < 3; k++) {
                    x[j] += loadings[j][k] * factors[k];
                }
                norm += loadings[j][0] * loadings[j][0]
                        + loadings[j][1] * loadings[j][1]
                        + loadings[j][2] * loadings[j][2];
                x[j] += 0.3 * random.nextGaussian();
            }
            String what = operatingPoint ? "operating point" : null;
            if (i >= normals && !operatingPoint) {
                int j = random.nextInt(SENSORS);
                x[j] += (random.nextBoolean() ? 6 : -6) * Math.sqrt(norm / SENSORS);
                what = "broken " + names[j];
            }
            examples.add(new ArrayExample<>(
                    what == null ? AnomalyFactory.EXPECTED_EVENT : AnomalyFactory.ANOMALOUS_EVENT, names, x));
            planted.add(what);
        }
        return new Rows(examples, planted);
    }

    private static MutableDataset<Event> dataset(List<Example<Event>> examples) {
        AnomalyFactory factory = new AnomalyFactory();
        return new MutableDataset<>(new ListDataSource<>(
                examples,
                factory,
                new SimpleDataSourceProvenance("generated-factor-sensors", OffsetDateTime.now(), factory)));
    }

    /**
     * Command-line entry point.
     *
     * @param args optional: epochs of each diffusion part.
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Result result = run(epochs, 0);
        System.out.printf(
                "Trained on %d normal rows of %d sensors; %d test rows, %d anomalies; code width %d%n",
                result.trainingRows(), SENSORS, result.testRows(), result.anomalies(), result.latentSize());
        for (DetectorResult r : result.detectors()) {
            System.out.printf(Locale.ROOT, "%-10s AUROC %.4f  fit %5.1f s%n", r.detector(), r.auroc(), r.fitSeconds());
        }
        System.out.printf(
                Locale.ROOT,
                "hybrid members: DDPM AUROC %.4f, DTE-C AUROC %.4f%n",
                result.memberAurocs().get(0),
                result.memberAurocs().get(1));
    }
}
