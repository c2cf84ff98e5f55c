package org.dmad.tribuo.data;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

/**
 * A CSV file of numeric features and a label column as Tribuo anomaly examples, read with the conventions of the
 * {@code dmad} command ({@code dmad train --data FILE.csv}, {@code dmad bench}):
 * <ul>
 *     <li>a header row names the columns; every column but the label column is a feature, named by its header
 *     (trimmed; an empty header becomes {@code columnJ}, J the column's index in the file), so a model trained
 *     through this source and one trained with {@code dmad train} accept the same examples;</li>
 *     <li>the label column ({@code labelColumn}, default {@code label}) holds 0/1 (also 0.0/1.0) or, ignoring case,
 *     {@code normal, expected, inlier, false, no} for EXPECTED and {@code anomaly, anomalous, outlier, true, yes}
 *     for ANOMALOUS; an empty {@code labelColumn} reads every row as UNKNOWN (unlabelled, which dmad trains on);</li>
 *     <li>cells are decimal numbers; quoted fields work (OpenCSV, as Tribuo's own CSV readers); a missing, non-numeric
 *     or infinite cell, a ragged row, a missing header or label column is refused with the file, line and
 *     column.</li>
 * </ul>
 * OLCUT-configurable ({@code dataPath}, {@code labelColumn}); the provenance ({@link DataFileProvenance}) records the
 * file's SHA-256 and modification time. The file is read once, when the source is made.
 */
public final class LabelledCSVDataSource implements ConfigurableDataSource<Event> {

    /** The label column the {@code dmad} command uses unless told otherwise. */
    public static final String DEFAULT_LABEL = "label";

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    @Config(mandatory = true, description = "The CSV file: a header row, then one row per example.")
    private Path dataPath;

    @Config(
            description =
                    "The label column's header: 0/1 or normal/anomaly words; empty for unlabelled rows " + "(UNKNOWN).")
    private String labelColumn = DEFAULT_LABEL;

    private List<Example<Event>> examples;
    private List<String> featureNames;
    private int anomalies;
    private DataFileProvenance provenance;

    /** For OLCUT. */
    private LabelledCSVDataSource() {}

    /**
     * Reads a file with its labels in the column {@code label}.
     *
     * @param dataPath the CSV file.
     * @throws IOException naming the file, line and column of the first problem.
     */
    public LabelledCSVDataSource(Path dataPath) throws IOException {
        this(dataPath, DEFAULT_LABEL);
    }

    /**
     * Reads a file.
     *
     * @param dataPath    the CSV file.
     * @param labelColumn the label column's header, or empty (or null) for a file without labels.
     * @throws IOException naming the file, line and column of the first problem.
     */
    public LabelledCSVDataSource(Path dataPath, String labelColumn) throws IOException {
        this.dataPath = dataPath;
        this.labelColumn = labelColumn == null ? "" : labelColumn;
        load();
    }

    /** Reads the file; OLCUT calls this after setting the fields. */
    @Override
    public void postConfig() {
        try {
            load();
        } catch (IOException e) {
            throw new PropertyException(e, "", "dataPath", e.getMessage());
        }
    }

    private void load() throws IOException {
        List<String[]> rows;
        try (Reader r = Files.newBufferedReader(dataPath);
                CSVReader csv = new CSVReader(r)) {
            rows = new ArrayList<>(csv.readAll());
        } catch (CsvException e) {
            throw new IOException(dataPath + ": malformed CSV at line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (CharacterCodingException e) {
            throw new IOException(dataPath + " is not UTF-8 text (" + e + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new IOException(dataPath + ": cannot be read as CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IOException(dataPath + " is empty: a header row is required");
        }
        String[] header = rows.get(0);
        if (header.length > 0 && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1);
        }
        boolean labelled = !labelColumn.isEmpty();
        int label = -1;
        List<String> names = new ArrayList<>();
        for (int j = 0; j < header.length; j++) {
            String h = header[j].trim();
            if (labelled && label < 0 && h.equals(labelColumn)) {
                label = j;
            } else {
                names.add(h.isEmpty() ? "column" + j : h);
            }
        }
        if (labelled && label >= 0) {
            for (int j = label + 1; j < header.length; j++) {
                if (header[j].trim().equals(labelColumn)) {
                    throw new IOException(dataPath + ": the header has two label columns '" + labelColumn
                            + "' (columns " + label + " and " + j + ")");
                }
            }
        }
        if (labelled && label < 0) {
            throw new IOException(dataPath + " has no label column '" + labelColumn + "'; its header is "
                    + String.join(",", header) + " (name the label column with labelColumn)");
        }
        for (String h : names) {
            if (looksNumeric(h)) {
                throw new IOException(dataPath + ": the first row looks like data (" + h + "), but a header row "
                        + "with column names is required");
            }
        }
        String twice = FileExamples.repeated(names);
        if (twice != null) {
            throw new IOException(dataPath + ": the header names the feature '" + twice + "' twice; feature names "
                    + "must be distinct");
        }
        int n = rows.size() - 1;
        if (n == 0) {
            throw new IOException(dataPath + " has a header but no data rows");
        }
        int d = names.size();
        if (d == 0) {
            throw new IOException(dataPath + " has no feature columns besides the label");
        }
        double[] x = new double[n * d];
        int[] y = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            String[] row = rows.get(i + 1);
            int line = i + 2;
            if (row.length != header.length) {
                throw new IOException(dataPath + ", line " + line + ": " + row.length + " fields, but the header "
                        + "has " + header.length);
            }
            y[i] = FileExamples.UNLABELLED;
            int k = 0;
            for (int j = 0; j < row.length; j++) {
                String cell = row[j].trim();
                if (j == label) {
                    y[i] = parseLabel(cell, line);
                    count += y[i];
                    continue;
                }
                x[i * d + k++] = parseValue(cell, line, header[j].trim());
            }
        }
        this.featureNames = List.copyOf(names);
        this.anomalies = count;
        this.examples = Collections.unmodifiableList(FileExamples.examples(x, y, names));
        this.provenance = new DataFileProvenance(this, dataPath);
    }

    private static boolean looksNumeric(String h) {
        try {
            Double.parseDouble(h);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private double parseValue(String cell, int line, String column) throws IOException {
        if (cell.isEmpty()) {
            throw new IOException(dataPath + ", line " + line + ", column '" + column + "': empty cell (missing "
                    + "values are not supported: impute or drop the row)");
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IOException(
                    dataPath + ", line " + line + ", column '" + column + "': '" + cell + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new IOException(
                    dataPath + ", line " + line + ", column '" + column + "': " + cell + " is not a finite number");
        }
        return v;
    }

    /**
     * Reads a label cell as the {@code dmad} command does.
     *
     * @param cell the trimmed cell.
     * @param line the line, for the message.
     * @return 1 for an anomaly, 0 for a normal row.
     * @throws IOException for any other value.
     */
    private int parseLabel(String cell, int line) throws IOException {
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "0", "0.0", "normal", "expected", "inlier", "false", "no":
                return 0;
            case "1", "1.0", "anomaly", "anomalous", "outlier", "true", "yes":
                return 1;
            default:
                throw new IOException(dataPath + ", line " + line + ", column '" + labelColumn + "': label '" + cell
                        + "' is neither 0/normal nor 1/anomaly");
        }
    }

    /** @return the feature names in column order. */
    public List<String> getFeatureNames() {
        return featureNames;
    }

    /** @return the number of rows. */
    public int size() {
        return examples.size();
    }

    /** @return the number of rows labelled as anomalies. */
    public int getAnomalyCount() {
        return anomalies;
    }

    /** @return the dataset's name: the file name without {@code .csv}, as the {@code dmad} command names it. */
    public String getName() {
        return FileExamples.baseName(dataPath.getFileName().toString(), ".csv");
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
        return "LabelledCSVDataSource(" + dataPath + ", label " + (labelColumn.isEmpty() ? "none" : labelColumn)
                + ", " + examples.size() + " rows, " + featureNames.size() + " features, " + anomalies
                + " anomalies)";
    }
}
