package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import weka.classifiers.misc.IsolationForest;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Isolation forest (Liu, Ting and Zhou, ICDM 2008) as a Tribuo trainer, running Weka's {@code isolationForest}
 * package ({@code weka.classifiers.misc.IsolationForest}) so that the baseline is the implementation Weka users
 * know. Defaults as PyOD's and the paper's: 100 trees, subsample 256. The score is Weka's anomaly score s in
 * [0, 1] (index 1 of {@code distributionForInstance}); higher = more anomalous.
 */
public final class IsolationForestTrainer extends BaselineTrainer<IsolationForestModel> {

    @Config(description = "Number of trees.")
    private int numTrees = 100;

    @Config(description = "Rows sampled to grow each tree.")
    private int subsampleSize = 256;

    @Config(description = "Random seed.")
    private long seed = Trainer.DEFAULT_SEED;

    @Config(description = "Expected share of anomalies, for the ANOMALOUS/EXPECTED threshold.")
    private double contamination = 0.1;

    /** For OLCUT. */
    private IsolationForestTrainer() {}

    /**
     * @param numTrees      number of trees.
     * @param subsampleSize rows per tree.
     * @param seed          random seed.
     */
    public IsolationForestTrainer(int numTrees, int subsampleSize, long seed) {
        this.numTrees = numTrees;
        this.subsampleSize = subsampleSize;
        this.seed = seed;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (numTrees < 1) {
            throw new PropertyException("", "numTrees", "numTrees must be positive, got " + numTrees);
        }
        if (subsampleSize < 2) {
            throw new PropertyException("", "subsampleSize", "subsampleSize must be at least 2, got " + subsampleSize);
        }
    }

    @Override
    protected String detectorName() {
        return "Isolation forest";
    }

    @Override
    protected IsolationForestModel fit(Fitting fitting) {
        Dataset<Event> dataset = fitting.dataset();
        ImmutableFeatureMap map = dataset.getFeatureIDMap();
        Instances header = header(map);
        Instances data = new Instances(header, dataset.size());
        for (Example<Event> e : dataset) {
            data.add(instance(DenseRows.row(e, map), header));
        }
        IsolationForest forest = new IsolationForest();
        forest.setNumTrees(numTrees);
        forest.setSubsampleSize(Math.min(subsampleSize, dataset.size()));
        forest.setSeed((int) fitting.seed(seed));
        try {
            forest.buildClassifier(data);
        } catch (Exception e) {
            throw new IllegalStateException("Weka's IsolationForest failed to train: " + e.getMessage(), e);
        }
        IsolationForestModel model = new IsolationForestModel(
                "isolation-forest",
                fitting.provenance(IsolationForestModel.class),
                map,
                dataset.getOutputIDInfo(),
                forest,
                header,
                Double.NaN);
        double[] trainingScores = new double[data.numInstances()];
        for (int i = 0; i < trainingScores.length; i++) {
            trainingScores[i] = model.score(data.instance(i));
        }
        return model.withThreshold(threshold(trainingScores, contamination));
    }

    static Instances header(ImmutableFeatureMap map) {
        ArrayList<Attribute> atts = new ArrayList<>();
        for (int j = 0; j < map.size(); j++) {
            atts.add(new Attribute(map.get(j).getName()));
        }
        atts.add(new Attribute("class", List.of("normal", "anomaly")));
        Instances header = new Instances("dmad", atts, 0);
        header.setClassIndex(map.size());
        return header;
    }

    static DenseInstance instance(double[] row, Instances header) {
        return instance(row, 0, row.length, header);
    }

    /** The instance of the {@code d} values from {@code offset} (the class value 0, ignored by the forest). */
    static DenseInstance instance(double[] rows, int offset, int d, Instances header) {
        double[] values = new double[d + 1];
        System.arraycopy(rows, offset, values, 0, d);
        DenseInstance inst = new DenseInstance(1.0, values);
        inst.setDataset(header);
        return inst;
    }

    @Override
    public String toString() {
        return "IsolationForestTrainer(numTrees=" + numTrees + ",subsampleSize=" + subsampleSize + ",seed=" + seed
                + ")";
    }
}
