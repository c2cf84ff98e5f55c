package org.dmad.evaluation.cli;

import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.harness.ModelStore;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dmad train}: trains one detector on a file and saves the model. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a detector on the normal rows of a file (rows labelled 1 are left out; a file "
                + "without a label column trains on every row) and saves the model (Tribuo's protobuf format, or "
                + "Java serialization for the Weka and LibSVM baselines)."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--detector", required = true, paramLabel = "NAME", description = "Detector name.")
    private String detector;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (.npz, .csv, "
            + ".arff).")
    private Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write.")
    private Path out;

    @Option(names = "--profile", defaultValue = "paper", paramLabel = "NAME",
            description = "paper (published settings), budget (paper under a step budget) or quick "
                    + "(default: ${DEFAULT-VALUE}).")
    private String profile;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private EngineOptions engine = new EngineOptions();


    @Option(names = "--label-column", defaultValue = "label", paramLabel = "NAME",
            description = "Label column of a CSV file (default: ${DEFAULT-VALUE}); use '' for none.")
    private String labelColumn;

    @Override
    public Integer call() throws Exception {
        var trainer = DetectorRegistry.get(detector).factory().create(Profile.parse(profile), seed,
                engine.threads, engine.device);
        TabularData table = Datasets.load(data, labelColumn.isEmpty() ? null : labelColumn);
        MutableDataset<Event> train = examples(table, true);
        if (train.size() == 0) {
            throw new IllegalArgumentException(data + " has no rows labelled normal to train on");
        }
        long start = System.nanoTime();
        Model<Event> model = trainer.train(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        ModelStore.save(model, out);
        System.out.printf(Locale.ROOT, "Trained %s on %d rows of %s (%d features) in %.1f s%n", detector,
                train.size(), data, table.columns(), seconds);
        int skipped = table.rows() - train.size();
        if (skipped > 0) {
            System.out.println("Left out " + skipped + " rows labelled anomalous");
        }
        System.out.println("Model: " + out.toAbsolutePath());
        if (model instanceof AutoCloseable c) {
            c.close();
        }
        return 0;
    }

    /**
     * Tribuo examples of a table's rows.
     *
     * @param table      the table.
     * @param normalOnly true to keep only rows labelled 0.
     * @return the dataset.
     */
    static MutableDataset<Event> examples(TabularData table, boolean normalOnly) {
        AnomalyFactory factory = new AnomalyFactory();
        String[] names = table.featureNames().toArray(new String[0]);
        int d = names.length;
        List<Example<Event>> rows = new ArrayList<>();
        for (int i = 0; i < table.rows(); i++) {
            if (normalOnly && table.y()[i] == 1) {
                continue;
            }
            double[] row = new double[d];
            System.arraycopy(table.x(), i * d, row, 0, d);
            rows.add(new ArrayExample<>(table.y()[i] == 1 ? AnomalyFactory.ANOMALOUS_EVENT
                    : AnomalyFactory.EXPECTED_EVENT, names, row));
        }
        return new MutableDataset<>(new ListDataSource<>(rows, factory, new SimpleDataSourceProvenance(
                table.name() + ":" + table.record().sha256(), factory)));
    }
}
