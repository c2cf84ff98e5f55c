package org.dmad.evaluation.data;

import weka.core.Attribute;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.converters.ArffLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Loads an ARFF file through Weka's own loader. The label is the attribute named {@code label}, {@code class} or
 * {@code outlier} if there is one, else the last nominal attribute; its value that reads as an anomaly
 * (anomaly, anomalous, outlier, yes, true, 1) marks anomalies. Every other attribute must be numeric, and missing
 * values ({@code ?}) are refused with their position.
 */
public final class ArffData {

    private static final Set<String> LABEL_NAMES = Set.of("label", "class", "outlier");
    private static final Set<String> ANOMALY_VALUES = Set.of("anomaly", "anomalous", "outlier", "yes", "true", "1");

    private ArffData() {
    }

    /**
     * Loads a file.
     *
     * @param file the ARFF file.
     * @return the dataset.
     * @throws IOException naming the file and the problem.
     */
    public static TabularData load(Path file) throws IOException {
        Instances data;
        try {
            // Weka's ArffReader, not ConverterUtils.DataSource: the latter prints parse errors and returns the rows
            // read so far. The text always gets a final newline because ArffReader loops forever when a file ends
            // inside an attribute line (found by MalformedFilesTest).
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))).toString();
            data = new ArffLoader.ArffReader(new java.io.StringReader(text + "\n")).getData();
        } catch (Exception e) {
            throw new IOException(file + " is not a readable ARFF file: " + e.getMessage(), e);
        }
        if (data == null || data.numInstances() == 0) {
            throw new IOException(file + " has no data rows");
        }
        int label = -1;
        for (int a = 0; a < data.numAttributes(); a++) {
            if (LABEL_NAMES.contains(data.attribute(a).name().toLowerCase(Locale.ROOT))) {
                label = a;
            }
        }
        if (label < 0) {
            for (int a = data.numAttributes() - 1; a >= 0; a--) {
                if (data.attribute(a).isNominal()) {
                    label = a;
                    break;
                }
            }
        }
        List<Integer> features = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int a = 0; a < data.numAttributes(); a++) {
            if (a == label) {
                continue;
            }
            Attribute att = data.attribute(a);
            if (!att.isNumeric()) {
                throw new IOException(file + ": attribute '" + att.name() + "' is " + Attribute.typeToString(att)
                        + "; only numeric features are supported (encode it numerically first)");
            }
            features.add(a);
            names.add(att.name());
        }
        if (features.isEmpty()) {
            throw new IOException(file + " has no numeric feature attributes");
        }
        int n = data.numInstances();
        int d = features.size();
        double[] x = new double[n * d];
        int[] y = new int[n];
        int anomalies = 0;
        for (int i = 0; i < n; i++) {
            Instance inst = data.instance(i);
            for (int k = 0; k < d; k++) {
                int a = features.get(k);
                if (inst.isMissing(a)) {
                    throw new IOException(file + ", row " + (i + 1) + ", attribute '" + data.attribute(a).name()
                            + "': missing value ('?'); impute or drop it first");
                }
                x[i * d + k] = inst.value(a);
            }
            if (label >= 0 && !inst.isMissing(label)) {
                Attribute att = data.attribute(label);
                if (att.isNominal()) {
                    y[i] = ANOMALY_VALUES.contains(inst.stringValue(label).toLowerCase(Locale.ROOT)) ? 1 : 0;
                } else {
                    y[i] = inst.value(label) != 0 ? 1 : 0;
                }
            }
            anomalies += y[i];
        }
        String name = file.getFileName().toString().replaceFirst("\\.arff$", "");
        DatasetRecord record = new DatasetRecord(name, file.toAbsolutePath().toString(), Hashing.sha256(file), n, d,
                anomalies);
        try {
            return new TabularData(x, y, names, record);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
