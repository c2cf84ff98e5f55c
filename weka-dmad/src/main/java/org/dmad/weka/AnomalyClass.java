package org.dmad.weka;

import java.util.Locale;
import java.util.Set;
import weka.core.Attribute;
import weka.core.Instances;

/**
 * Which value of a two-valued class attribute is the anomaly, by name, so that a class declared {@code
 * {anomaly,normal}} is not read the wrong way round. A value named {@link #ANOMALY_NAMES} is the anomaly, a value
 * named {@link #NORMAL_NAMES} is normal (any case); when neither value is recognised, the second value is the
 * anomaly, the isolationForest package's convention, and the model summary says so. Names that contradict each
 * other (two anomaly names, or two normal names) are refused.
 */
final class AnomalyClass {

    /** Class values read as the anomaly. */
    static final Set<String> ANOMALY_NAMES = Set.of(
            "anomaly",
            "anomalous",
            "anomalies",
            "outlier",
            "outliers",
            "abnormal",
            "novelty",
            "attack",
            "fraud",
            "1",
            "1.0",
            "yes",
            "y",
            "true",
            "t",
            "positive",
            "pos");

    /** Class values read as normal. */
    static final Set<String> NORMAL_NAMES = Set.of(
            "normal",
            "inlier",
            "inliers",
            "nominal",
            "regular",
            "benign",
            "0",
            "0.0",
            "no",
            "n",
            "false",
            "f",
            "negative",
            "neg");

    private AnomalyClass() {}

    /**
     * The index of the anomaly class value.
     *
     * @param data the training data.
     * @return 1 without a class or with a one-valued class (whose only value is normal), else the anomaly's index.
     * @throws IllegalArgumentException when the names contradict each other.
     */
    static int index(Instances data) {
        if (data.classIndex() < 0 || data.numClasses() != 2) {
            return 1;
        }
        Attribute c = data.classAttribute();
        boolean firstAnomaly = ANOMALY_NAMES.contains(key(c.value(0)));
        boolean secondAnomaly = ANOMALY_NAMES.contains(key(c.value(1)));
        boolean firstNormal = NORMAL_NAMES.contains(key(c.value(0)));
        boolean secondNormal = NORMAL_NAMES.contains(key(c.value(1)));
        boolean second = secondAnomaly || firstNormal;
        boolean first = firstAnomaly || secondNormal;
        if (first && second) {
            throw new IllegalArgumentException("Cannot tell which value of the class attribute '" + c.name()
                    + "' {" + c.value(0) + "," + c.value(1) + "} is the anomaly: name one value as the anomaly ("
                    + "e.g. anomaly, outlier, 1, yes) and the other as normal (e.g. normal, inlier, 0, no)");
        }
        return first ? 0 : 1;
    }

    /**
     * How the anomaly class was chosen, for the model summary.
     *
     * @param data  the training data.
     * @param index the anomaly index.
     * @return a line, or an empty string without a two-valued class.
     */
    static String describe(Instances data, int index) {
        if (data.classIndex() < 0 || data.numClasses() != 2) {
            return "";
        }
        Attribute c = data.classAttribute();
        boolean byName = ANOMALY_NAMES.contains(key(c.value(index))) || NORMAL_NAMES.contains(key(c.value(1 - index)));
        return "Anomaly class: '" + c.value(index) + "' ("
                + (byName
                        ? "recognised by name"
                        : "neither value is a known name: the second value, as in the isolationForest package")
                + ")\n";
    }

    private static String key(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
