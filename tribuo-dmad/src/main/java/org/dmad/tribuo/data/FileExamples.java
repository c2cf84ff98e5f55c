package org.dmad.tribuo.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;

/** What the file data sources share: examples from row-major values and labels, with checked feature names. */
final class FileExamples {

    /** Label of a row without a label. */
    static final int UNLABELLED = -1;

    private FileExamples() {}

    /**
     * Examples with ANOMALOUS (label 1), EXPECTED (0) or UNKNOWN ({@link #UNLABELLED}) outputs.
     *
     * @param values row-major values, all finite.
     * @param labels one label per row.
     * @param names  one distinct name per column.
     * @return the examples.
     */
    static List<Example<Event>> examples(double[] values, int[] labels, List<String> names) {
        String[] nameArray = names.toArray(new String[0]);
        int d = nameArray.length;
        List<Example<Event>> out = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            double[] row = new double[d];
            System.arraycopy(values, i * d, row, 0, d);
            Event event = labels[i] == 1
                    ? AnomalyFactory.ANOMALOUS_EVENT
                    : labels[i] == 0 ? AnomalyFactory.EXPECTED_EVENT : AnomalyFactory.UNKNOWN_EVENT;
            out.add(new ArrayExample<>(event, nameArray, row));
        }
        return out;
    }

    /**
     * The first repeated name, or null when every name is distinct (Tribuo keys features by name).
     *
     * @param names the names.
     * @return a repeated name or null.
     */
    static String repeated(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                return n;
            }
        }
        return null;
    }

    /**
     * The file's name without its extension, the dataset name the CLI uses.
     *
     * @param file      the file name.
     * @param extension the extension with its dot.
     * @return the name.
     */
    static String baseName(String file, String extension) {
        return file.endsWith(extension) ? file.substring(0, file.length() - extension.length()) : file;
    }
}
