package org.dmad.examples;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.dmad.tribuo.DTEInverseGammaTrainer;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The three Diffusion Time Estimation detectors of Livernoche et al., "On Diffusion Modeling for Anomaly
 * Detection", ICLR 2024, side by side through the Tribuo API: DTE-Categorical (a classifier of diffusion-time
 * bins), DTE-InverseGamma (a network predicting the inverse-gamma posterior of the noise variance) and
 * DTE-NonParametric (the same posterior from nearest-neighbour distances, no training).
 * <p>
 * It generates correlated sensor readings, trains each detector on normal rows, scores a test set in which a few
 * rows were pushed 6 standard deviations away in one sensor, and prints each detector's AUROC and the sensors its
 * excuse blames for its most anomalous test row.
 * <pre>
 * java org.dmad.examples.DTEFamilyExample [dteCategoricalEpochs]
 * </pre>
 */
public final class DTEFamilyExample {

    /** The sensor names, which are the feature names. */
    public static final List<String> SENSORS =
            List.of("current", "pressure", "speed", "temperature", "vibration", "voltage");

    /**
     * What one detector did.
     *
     * @param detector          the detector's name.
     * @param auroc             its AUROC on the test rows.
     * @param mostAnomalousRow  the test row it scored highest.
     * @param plantedSensor     the sensor that row was pushed in, or null when the row is normal.
     * @param topSensors        the sensors its excuse ranks first for that row, highest contribution first.
     * @param fitSeconds        training time.
     */
    public record DetectorResult(
            String detector,
            double auroc,
            int mostAnomalousRow,
            String plantedSensor,
            List<String> topSensors,
            double fitSeconds) {}

    /**
     * What the example produced.
     *
     * @param trainingRows the number of normal training rows.
     * @param testRows     the number of test rows.
     * @param anomalies    how many test rows are anomalies.
     * @param detectors    one result per detector: DTE-C, DTE-IG, DTE-NP.
     */
    public record Result(int trainingRows, int testRows, int anomalies, List<DetectorResult> detectors) {}

    private DTEFamilyExample() {}

    /** Generated rows with the sensor each anomaly was pushed in (null for a normal row). */
    private record Rows(List<Example<Event>> examples, List<String> planted) {}

    /**
     * Runs the example.
     *
     * @param dteCategoricalEpochs training epochs of DTE-C (the paper uses 400; 20 is enough on this data).
     * @param seed                 seed of the data and of the detectors.
     * @return AUROC and explanations per detector.
     */
    public static Result run(int dteCategoricalEpochs, long seed) {
        Random random = new Random(seed);
        Rows train = generate(1000, 0, random);
        Rows test = generate(500, 25, random);
        MutableDataset<Event> data = dataset(train.examples());
        List<Pair<String, Trainer<Event>>> trainers = List.of(
                new Pair<>(
                        "DTE-C",
                        DTECategoricalTrainer.builder()
                                .epochs(dteCategoricalEpochs)
                                .seed(seed)
                                .build()),
                new Pair<>("DTE-IG", DTEInverseGammaTrainer.builder().seed(seed).build()),
                new Pair<>(
                        "DTE-NP", DTENonParametricTrainer.builder().seed(seed).build()));
        boolean[] anomalous = new boolean[test.planted().size()];
        for (int i = 0; i < anomalous.length; i++) {
            anomalous[i] = test.planted().get(i) != null;
        }
        List<DetectorResult> results = new ArrayList<>();
        for (Pair<String, Trainer<Event>> named : trainers) {
            long start = System.nanoTime();
            try (DMADModel model = (DMADModel) named.getB().train(data)) {
                double fit = (System.nanoTime() - start) / 1e9;
                double[] scores = model.score(test.examples());
                int top = 0;
                for (int i = 1; i < scores.length; i++) {
                    top = scores[i] > scores[top] ? i : top;
                }
                List<String> blamed =
                        model.getExcuse(test.examples().get(top)).orElseThrow().excuse(DMADModel.EXCUSE_KEY).stream()
                                .limit(2)
                                .map(Pair::getA)
                                .toList();
                results.add(new DetectorResult(
                        named.getA(),
                        auroc(anomalous, scores),
                        top,
                        test.planted().get(top),
                        blamed,
                        fit));
            }
        }
        return new Result(train.examples().size(), test.examples().size(), 25, List.copyOf(results));
    }

    /**
     * Correlated sensor rows: speed drives current and vibration, temperature follows current, pressure and
     * voltage are independent. An anomaly is a normal row with one random sensor pushed by 6 standard deviations.
     */
    private static Rows generate(int normals, int anomalies, Random random) {
        List<Example<Event>> examples = new ArrayList<>();
        List<String> planted = new ArrayList<>();
        String[] names = SENSORS.toArray(new String[0]);
        for (int i = 0; i < normals + anomalies; i++) {
            double speed = random.nextGaussian();
            double current = 0.8 * speed + 0.6 * random.nextGaussian();
            double temperature = 0.7 * current + 0.7 * random.nextGaussian();
            double vibration = 0.6 * speed + 0.8 * random.nextGaussian();
            double[] x = {current, random.nextGaussian(), speed, temperature, vibration, random.nextGaussian()};
            String sensor = null;
            if (i >= normals) {
                int j = random.nextInt(x.length);
                x[j] += random.nextBoolean() ? 6 : -6;
                sensor = names[j];
            }
            Event label = sensor == null ? AnomalyFactory.EXPECTED_EVENT : AnomalyFactory.ANOMALOUS_EVENT;
            examples.add(new ArrayExample<>(label, names, x));
            planted.add(sensor);
        }
        return new Rows(examples, planted);
    }

    private static MutableDataset<Event> dataset(List<Example<Event>> examples) {
        AnomalyFactory factory = new AnomalyFactory();
        return new MutableDataset<>(new ListDataSource<>(
                examples, factory, new SimpleDataSourceProvenance("generated-sensors", OffsetDateTime.now(), factory)));
    }

    /** AUROC as the Mann-Whitney statistic, ties counted as half. */
    private static double auroc(boolean[] positive, double[] scores) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (positive[i] && !positive[j]) {
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
     * @param args optional: DTE-C epochs.
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Result result = run(epochs, 0);
        System.out.printf(
                "Trained on %d normal rows; %d test rows, %d of them pushed 6 sd in one sensor%n",
                result.trainingRows(), result.testRows(), result.anomalies());
        for (DetectorResult r : result.detectors()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-7s AUROC %.4f  fit %5.1f s  most anomalous row %3d (%s): blames %s%n",
                    r.detector(),
                    r.auroc(),
                    r.fitSeconds(),
                    r.mostAnomalousRow(),
                    r.plantedSensor() == null ? "normal" : "pushed in " + r.plantedSensor(),
                    r.topSensors());
        }
    }
}
