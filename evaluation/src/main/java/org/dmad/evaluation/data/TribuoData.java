package org.dmad.evaluation.data;

import java.util.ArrayList;
import java.util.List;
import org.dmad.provenance.ProvenanceJson;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/**
 * Any Tribuo {@link DataSource} of anomaly events as a benchmark dataset: features in the order of the source's
 * feature map (absent features are 0, Tribuo's sparse semantics), ANOMALOUS events labelled 1 and every other event
 * 0. The dataset's provenance records the source's Tribuo provenance; its digest is the SHA-256 of that provenance's
 * JSON, so a changed source configuration is detected, though not a changed file behind an unchanged one.
 */
public final class TribuoData {

    private TribuoData() {}

    /**
     * Reads a data source.
     *
     * @param source the source.
     * @param name   the dataset name for results.
     * @return the dataset.
     * @throws IllegalArgumentException when the source is empty or has a non-finite value.
     */
    public static TabularData load(DataSource<Event> source, String name) {
        MutableDataset<Event> dataset = new MutableDataset<>(source);
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(name + ": the data source produced no examples");
        }
        var map = dataset.getFeatureIDMap();
        int d = map.size();
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add(map.get(j).getName());
        }
        double[] x = new double[dataset.size() * d];
        int[] y = new int[dataset.size()];
        int row = 0;
        int anomalies = 0;
        for (Example<Event> e : dataset) {
            for (Feature f : e) {
                x[row * d + map.getID(f.getName())] = f.getValue();
            }
            y[row] = e.getOutput().getType() == Event.EventType.ANOMALOUS ? 1 : 0;
            anomalies += y[row];
            row++;
        }
        String provenance = ProvenanceJson.toJson(source.getProvenance());
        DatasetRecord record = new DatasetRecord(
                name,
                "tribuo:" + source.getProvenance().getClassName(),
                Hashing.sha256(provenance),
                y.length,
                d,
                anomalies);
        return new TabularData(x, y, names, record);
    }
}
