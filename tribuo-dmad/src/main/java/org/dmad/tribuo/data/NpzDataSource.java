package org.dmad.tribuo.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.dmad.data.NpyArray;
import org.dmad.data.NpyReader;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

/**
 * The rows of an ADBench-style {@code .npz} archive (the format of the anomaly-detection literature: an {@code X}
 * matrix, n x d, and a {@code y} vector of 0/1 labels) as Tribuo anomaly examples: label 1 is ANOMALOUS, 0 EXPECTED.
 * Features are named as the {@code dmad} command names them, {@code f000}, {@code f001}, ... (zero-padded to at
 * least three digits, so that Tribuo's by-name feature order is the column order; see {@link #featureNames}), so a
 * model trained through this source and one trained with {@code dmad train} accept the same examples.
 * <p>
 * OLCUT-configurable ({@code dataPath}); the provenance ({@link DataFileProvenance}) records the file's SHA-256 and
 * modification time. The file is read once, when the source is made; examples are served from memory.
 */
public final class NpzDataSource implements ConfigurableDataSource<Event> {

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    @Config(
            mandatory = true,
            description = "The .npz file: entries X (rows x features) and y (0 = normal, " + "1 = anomaly).")
    private Path dataPath;

    private List<Example<Event>> examples;
    private List<String> featureNames;
    private int anomalies;
    private DataFileProvenance provenance;

    /** For OLCUT. */
    private NpzDataSource() {}

    /**
     * Reads a file.
     *
     * @param dataPath the {@code .npz} file.
     * @throws IOException naming the file and the problem: a missing entry, wrong shapes, a label other than 0 or
     *                     1, a value that is not finite, or a file that is not a NumPy archive.
     */
    public NpzDataSource(Path dataPath) throws IOException {
        this.dataPath = dataPath;
        load();
    }

    /** Reads the file; OLCUT calls this after setting {@code dataPath}. */
    @Override
    public void postConfig() {
        try {
            load();
        } catch (IOException e) {
            throw new PropertyException(e, "", "dataPath", e.getMessage());
        }
    }

    private void load() throws IOException {
        Map<String, NpyArray> arrays = NpyReader.readNpz(dataPath);
        NpyArray x = arrays.get("X");
        NpyArray y = arrays.get("y");
        if (x == null || y == null) {
            throw new IOException(dataPath + " needs entries X.npy and y.npy, found " + arrays.keySet());
        }
        if (x.rank() != 2) {
            throw new IOException(dataPath + ": X must be a 2-d matrix, found shape " + Arrays.toString(x.shape()));
        }
        if (y.rank() != 1 || y.dim(0) != x.dim(0)) {
            throw new IOException(dataPath + ": y must be a vector with one label per row of X (" + x.dim(0)
                    + "), found shape " + Arrays.toString(y.shape()));
        }
        int n = x.dim(0);
        int d = x.dim(1);
        if (n == 0 || d == 0) {
            throw new IOException(dataPath + ": X has no " + (n == 0 ? "rows" : "columns"));
        }
        List<String> names = featureNames(d);
        double[] values = x.values();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IOException(dataPath + ": row " + (i / d) + ", feature '" + names.get(i % d) + "' is "
                        + values[i] + "; every value must be finite");
            }
        }
        int[] labels = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            double v = y.values()[i];
            if (v != 0 && v != 1) {
                throw new IOException(
                        dataPath + ": label " + v + " at row " + i + "; y must hold 0 (normal) or 1 " + "(anomaly)");
            }
            labels[i] = (int) v;
            count += labels[i];
        }
        this.featureNames = names;
        this.anomalies = count;
        this.examples = Collections.unmodifiableList(FileExamples.examples(values, labels, names));
        this.provenance = new DataFileProvenance(this, dataPath);
    }

    /**
     * The feature names of a file with {@code columns} columns, in column order: {@code f000}, {@code f001}, ...,
     * zero-padded to at least three digits and to the digits of the last index (the {@code dmad} command's names).
     *
     * @param columns the number of columns.
     * @return the names.
     */
    public static List<String> featureNames(int columns) {
        String[] names = new String[columns];
        int width = Math.max(3, Integer.toString(columns - 1).length());
        for (int j = 0; j < columns; j++) {
            names[j] = "f" + String.format("%0" + width + "d", j);
        }
        return List.of(names);
    }

    /** @return the feature names in column order. */
    public List<String> getFeatureNames() {
        return featureNames;
    }

    /** @return the number of rows. */
    public int size() {
        return examples.size();
    }

    /** @return the number of rows labelled 1 (anomalous). */
    public int getAnomalyCount() {
        return anomalies;
    }

    /** @return the dataset's name: the file name without {@code .npz}, as the {@code dmad} command names it. */
    public String getName() {
        return FileExamples.baseName(dataPath.getFileName().toString(), ".npz");
    }

    @Override
    public Iterator<Example<Event>> iterator() {
        return examples.iterator();
    }

    @Override
    public OutputFactory<Event> getOutputFactory() {
        return FACTORY;
    }

    @Override
    public ConfiguredDataSourceProvenance getProvenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return "NpzDataSource(" + dataPath + ", " + examples.size() + " rows, " + featureNames.size() + " features, "
                + anomalies + " anomalies)";
    }
}
