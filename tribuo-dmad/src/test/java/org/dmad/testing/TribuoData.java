package org.dmad.testing;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Builds Tribuo anomaly datasets and examples from row-major values for tests. */
public final class TribuoData {

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    private TribuoData() {}

    /**
     * Zero-padded feature names f000, f001, ... (Tribuo orders feature ids by name).
     *
     * @param columns the count.
     * @return the names.
     */
    public static String[] names(int columns) {
        String[] names = new String[columns];
        for (int j = 0; j < columns; j++) {
            names[j] = String.format("f%03d", j);
        }
        return names;
    }

    /**
     * Examples with EXPECTED or ANOMALOUS outputs from labels.
     *
     * @param values  row-major values.
     * @param labels  1 = anomaly; null for all EXPECTED.
     * @param columns d.
     * @return the examples.
     */
    public static List<Example<Event>> examples(double[] values, int[] labels, int columns) {
        String[] names = names(columns);
        int n = values.length / columns;
        List<Example<Event>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] row = new double[columns];
            System.arraycopy(values, i * columns, row, 0, columns);
            Event e = labels != null && labels[i] == 1 ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT;
            out.add(new ArrayExample<>(e, names, row));
        }
        return out;
    }

    /**
     * A dataset of the given examples.
     *
     * @param examples the examples.
     * @param name     the data source name.
     * @return the dataset.
     */
    public static MutableDataset<Event> dataset(List<Example<Event>> examples, String name) {
        SimpleDataSourceProvenance provenance =
                new SimpleDataSourceProvenance(name, OffsetDateTime.parse("2026-01-01T00:00:00Z"), FACTORY);
        return new MutableDataset<>(new ListDataSource<>(examples, FACTORY, provenance));
    }

    /**
     * The normal rows of planted data as a training dataset.
     *
     * @param data the data.
     * @return a dataset of its rows, all EXPECTED.
     */
    public static MutableDataset<Event> normals(PlantedData data) {
        return dataset(examples(data.values, null, data.columns), "planted-normals");
    }
}
