package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.dmad.engine.Standardizer;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;

/**
 * One-class SVM (Schölkopf et al., 2001) with an RBF kernel, through Tribuo's LibSVM anomaly trainer, with PyOD's
 * defaults: nu = 0.5 and gamma = 1/d, on features standardised with the training statistics (kept in the model).
 * LibSVM's decision value is positive for normal rows, so the model negates it: higher = more anomalous, as for every
 * dmad detector. LibSVM's console output is silenced.
 */
public final class OneClassSVMTrainer extends BaselineTrainer<NegatedScoreModel> {

    static {
        libsvm.svm.svm_set_print_string_function(s -> {});
    }

    @Config(
            description = "nu: an upper bound on the share of training errors and a lower bound on the share of "
                    + "support vectors.")
    private double nu = 0.5;

    @Config(description = "RBF kernel width; 0 means 1/d.")
    private double gamma = 0.0;

    @Config(
            description = "Input scaling: standardise (each feature, training statistics) or row-min-max (each "
                    + "row to [0, 1] over its own features, as TSB-AD's OCSVM wrapper).")
    private String scaling = STANDARDISE;

    /** Each feature standardised with the training statistics (the default). */
    public static final String STANDARDISE = "standardise";
    /** Each row min-max scaled over its own features (TSB-AD's OCSVM input). */
    public static final String ROW_MIN_MAX = "row-min-max";

    /** For OLCUT. */
    private OneClassSVMTrainer() {}

    /**
     * @param nu    the nu parameter.
     * @param gamma the RBF gamma, 0 for 1/d.
     */
    public OneClassSVMTrainer(double nu, double gamma) {
        this(nu, gamma, STANDARDISE);
    }

    /**
     * @param nu      the nu parameter.
     * @param gamma   the RBF gamma, 0 for 1/d.
     * @param scaling {@link #STANDARDISE} or {@link #ROW_MIN_MAX}.
     */
    public OneClassSVMTrainer(double nu, double gamma, String scaling) {
        this.nu = nu;
        this.gamma = gamma;
        this.scaling = scaling;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(nu > 0 && nu <= 1)) {
            throw new PropertyException("", "nu", "nu must be in (0, 1], got " + nu);
        }
        if (!(gamma >= 0)) {
            throw new PropertyException("", "gamma", "gamma must be non-negative, got " + gamma);
        }
        if (!STANDARDISE.equals(scaling) && !ROW_MIN_MAX.equals(scaling)) {
            throw new PropertyException(
                    "", "scaling", "scaling must be " + STANDARDISE + " or " + ROW_MIN_MAX + ", got '" + scaling + "'");
        }
    }

    @Override
    protected String detectorName() {
        return "One-class SVM";
    }

    @Override
    protected NegatedScoreModel fit(Fitting fitting) {
        Dataset<Event> dataset = fitting.dataset();
        SVMParameters<Event> params =
                new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
        params.setNu(nu);
        params.setGamma(gamma > 0 ? gamma : 1.0 / dataset.getFeatureIDMap().size());
        ImmutableFeatureMap map = dataset.getFeatureIDMap();
        Standardizer standardizer = Standardizer.fit(fitting.rows(), map.size());
        boolean rowMinMax = ROW_MIN_MAX.equals(scaling);
        MutableDataset<Event> standardised = new MutableDataset<>(dataset.getProvenance(), dataset.getOutputFactory());
        for (Example<Event> e : dataset) {
            standardised.add(
                    rowMinMax
                            ? NegatedScoreModel.rowMinMax(e, map)
                            : NegatedScoreModel.standardise(e, map, standardizer));
        }
        Model<Event> inner = new LibSVMAnomalyTrainer(params).train(standardised, fitting.runProvenance());
        return new NegatedScoreModel(
                "one-class-svm", fitting.provenance(NegatedScoreModel.class), inner, standardizer, rowMinMax);
    }

    @Override
    public String toString() {
        return "OneClassSVMTrainer(nu=" + nu + ",gamma=" + (gamma > 0 ? gamma : "1/d") + ",scaling=" + scaling + ")";
    }
}
