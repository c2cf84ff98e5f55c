package weka.classifiers.misc;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Generated data for the Weka classifier tests: normal rows from N(0, I) and anomalies from N(0, 3^2 I), which
 * overlap, so that AUROC lies well inside (0.5, 1) and a different model would show a different ROC area. The same
 * rows are available as Weka instances (class {normal, anomaly}, normal first) and as Tribuo examples whose features
 * carry the attribute names.
 */
final class DetectorData {

    /** Small, fast settings shared by the tests (and the integration test's command line). */
    static final String[] SMALL_OPTIONS = {
        "-epochs",
        "20",
        "-batchSize",
        "32",
        "-learningRate",
        "0.001",
        "-hiddenSizes",
        "32,32",
        "-timesteps",
        "100",
        "-threads",
        "1"
    };

    /** The Tribuo trainer with the settings of {@link #SMALL_OPTIONS}, written independently of the Weka mapping. */
    static DTECategoricalTrainer smallTribuoTrainer() {
        return DTECategoricalTrainer.builder()
                .epochs(20)
                .batchSize(32)
                .learningRate(1e-3)
                .hiddenSizes(List.of(32, 32))
                .timesteps(100)
                .threads(1)
                .build();
    }

    final double[][] values;
    final boolean[] anomalous;
    final int d;

    private DetectorData(double[][] values, boolean[] anomalous) {
        this.values = values;
        this.anomalous = anomalous;
        this.d = values[0].length;
    }

    /**
     * @param normal    normal rows.
     * @param anomalies anomalous rows (after the normal ones).
     * @param d         features.
     * @param seed      the generator's seed.
     * @return the rows.
     */
    static DetectorData generate(int normal, int anomalies, int d, long seed) {
        Random r = new Random(seed);
        double[][] values = new double[normal + anomalies][d];
        boolean[] anomalous = new boolean[normal + anomalies];
        for (int i = 0; i < values.length; i++) {
            anomalous[i] = i >= normal;
            double sd = anomalous[i] ? 3.0 : 1.0;
            for (int j = 0; j < d; j++) {
                // Six decimals, as Weka writes ARFF files: the rows read back from a file are these rows exactly.
                values[i][j] = Math.round(sd * r.nextGaussian() * 1e6) / 1e6;
            }
        }
        return new DetectorData(values, anomalous);
    }

    static String name(int j) {
        return String.format("x%02d", j);
    }

    /** @return the rows as Weka instances with a binary class, the class last. */
    Instances instances(String relation) {
        ArrayList<Attribute> atts = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            atts.add(new Attribute(name(j)));
        }
        atts.add(new Attribute("class", List.of("normal", "anomaly")));
        Instances data = new Instances(relation, atts, values.length);
        data.setClassIndex(d);
        for (int i = 0; i < values.length; i++) {
            double[] row = java.util.Arrays.copyOf(values[i], d + 1);
            row[d] = anomalous[i] ? 1 : 0;
            data.add(new DenseInstance(1.0, row));
        }
        return data;
    }

    /** @return the rows as Tribuo examples, EXPECTED or ANOMALOUS. */
    List<Example<Event>> examples() {
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = name(j);
        }
        List<Example<Event>> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new ArrayExample<>(
                    anomalous[i] ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT,
                    names,
                    values[i].clone()));
        }
        return out;
    }

    /** @return the rows as a Tribuo dataset. */
    MutableDataset<Event> dataset() {
        AnomalyFactory factory = new AnomalyFactory();
        MutableDataset<Event> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("generated", OffsetDateTime.now(), factory), factory);
        dataset.addAll(examples());
        return dataset;
    }

    /** Writes the rows as an ARFF file. */
    void writeArff(java.nio.file.Path file, String relation) throws java.io.IOException {
        java.nio.file.Files.writeString(file, instances(relation).toString());
    }
}
