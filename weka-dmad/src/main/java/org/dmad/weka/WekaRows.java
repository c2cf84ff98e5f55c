package org.dmad.weka;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import weka.core.Instance;
import weka.core.Instances;

/**
 * Turns Weka instances into Tribuo examples for the dmad trainers and models: every attribute but the class becomes
 * a feature named after the attribute, and the class is ignored. Training rows are all {@code EXPECTED} (the
 * detectors learn what the training data looks like, as isolationForest does); rows to score are {@code UNKNOWN}.
 * <p>
 * The attribute layout is fixed at training time; rows to score must have the same attributes in the same order.
 */
public final class WekaRows implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    private final String relation;
    private final String[] names;
    private final int[] columns;
    private final int numAttributes;

    /**
     * Fixes the attribute layout of a training set.
     *
     * @param header the training data (only its attributes and class index are used).
     */
    public WekaRows(Instances header) {
        this.relation = header.relationName();
        this.numAttributes = header.numAttributes();
        int classIndex = header.classIndex();
        int d = classIndex >= 0 ? numAttributes - 1 : numAttributes;
        this.names = new String[d];
        this.columns = new int[d];
        int j = 0;
        for (int a = 0; a < numAttributes; a++) {
            if (a != classIndex) {
                names[j] = header.attribute(a).name();
                columns[j] = a;
                j++;
            }
        }
    }

    /** @return the number of features (attributes other than the class). */
    public int numFeatures() {
        return names.length;
    }

    /** @return the training relation's name. */
    public String relation() {
        return relation;
    }

    /**
     * The training dataset: one EXPECTED example per instance.
     *
     * @param data the training instances, laid out as the header this was built from.
     * @return the Tribuo dataset.
     */
    public MutableDataset<Event> trainingDataset(Instances data) {
        MutableDataset<Event> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(
                        "Weka instances '" + data.relationName() + "'", OffsetDateTime.now(), FACTORY),
                FACTORY);
        for (Instance instance : data) {
            dataset.add(example(instance, AnomalyFactory.EXPECTED_EVENT));
        }
        return dataset;
    }

    /**
     * The examples to score.
     *
     * @param data instances with the training attributes.
     * @return one UNKNOWN example per instance, in order.
     */
    public List<Example<Event>> examples(Instances data) {
        List<Example<Event>> out = new ArrayList<>(data.numInstances());
        for (Instance instance : data) {
            out.add(example(instance, AnomalyFactory.UNKNOWN_EVENT));
        }
        return out;
    }

    /**
     * One example to score.
     *
     * @param instance an instance with the training attributes.
     * @return an UNKNOWN example.
     */
    public Example<Event> example(Instance instance) {
        return example(instance, AnomalyFactory.UNKNOWN_EVENT);
    }

    private Example<Event> example(Instance instance, Event output) {
        if (instance.numAttributes() != numAttributes) {
            throw new IllegalArgumentException("This model was trained on " + numAttributes + " attributes (relation '"
                    + relation + "'), but the instance has " + instance.numAttributes());
        }
        double[] values = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            values[j] = instance.value(columns[j]);
        }
        return new ArrayExample<>(output, names, values);
    }
}
