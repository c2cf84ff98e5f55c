package org.dmad.tribuo.series;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmad.series.SeriesNormalizer;
import org.dmad.series.SlidingWindows;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

/**
 * The OLCUT-configurable form of {@link WindowedDataSource}: the sliding windows of a series read from a CSV file,
 * so a time-series experiment can be written as an OLCUT configuration and its data source rebuilt from a model's
 * provenance.
 * <p>
 * The file has a header row and one row per time step; the channels are the columns named in
 * {@code channelColumns} (every column but the label column when empty), in that order. The optional
 * {@code labelColumn} holds 1 (anomalous) or 0 (normal) per time step; windows are labelled as by
 * {@link WindowedDataSource}. With {@code normalize}, channels are z-scored with statistics of the time steps
 * {@code [normalizeFrom, normalizeTo)}, the training part, even when the windows come from another range. Values
 * are plain decimal numbers separated by commas (no quoting). The provenance adds the file's SHA-256 and
 * modification time to the settings.
 */
public final class WindowedCSVDataSource implements ConfigurableDataSource<Event> {

    @Config(mandatory = true, description = "The CSV file: a header row, then one row per time step.")
    private Path dataPath;

    @Config(
            description =
                    "Columns holding the channels, in channel order; empty for every column but the label " + "column.")
    private List<String> channelColumns = new ArrayList<>();

    @Config(
            description = "Column of per-step labels, 1 = anomalous and 0 = normal; empty for none (every window "
                    + "EXPECTED).")
    private String labelColumn = "";

    @Config(mandatory = true, description = "Time steps per window.")
    private int length;

    @Config(description = "Time steps between window starts.")
    private int stride = 1;

    @Config(description = "Add a last window ending at the last time step when the stride does not divide.")
    private boolean alignEnd = false;

    @Config(description = "First time step of the windows.")
    private int from = 0;

    @Config(description = "One past the last time step of the windows; -1 for the end of the series.")
    private int to = -1;

    @Config(description = "Z-score each channel with statistics of the time steps [normalizeFrom, normalizeTo).")
    private boolean normalize = false;

    @Config(description = "First time step of the normalisation statistics (the training part).")
    private int normalizeFrom = 0;

    @Config(description = "One past the last time step of the normalisation statistics; -1 for the end.")
    private int normalizeTo = -1;

    private WindowedDataSource delegate;
    private SeriesNormalizer normalizer;
    private int channels;
    private WindowedCSVDataSourceProvenance provenance;

    /** For OLCUT. */
    private WindowedCSVDataSource() {}

    /**
     * A data source over a CSV file.
     *
     * @param dataPath       the file.
     * @param channelColumns the channel columns in order, or empty for all but the label column.
     * @param labelColumn    the label column, or empty for none.
     * @param windows        the window specification.
     * @param from           first time step of the windows.
     * @param to             one past the last time step, or -1 for the end.
     * @param normalize      whether to z-score channels.
     * @param normalizeFrom  first time step of the statistics.
     * @param normalizeTo    one past the last time step of the statistics, or -1 for the end.
     * @throws PropertyException naming a setting that is invalid, or a file that cannot be read.
     */
    public WindowedCSVDataSource(
            Path dataPath,
            List<String> channelColumns,
            String labelColumn,
            SlidingWindows windows,
            int from,
            int to,
            boolean normalize,
            int normalizeFrom,
            int normalizeTo) {
        this.dataPath = dataPath;
        this.channelColumns = new ArrayList<>(channelColumns);
        this.labelColumn = labelColumn;
        this.length = windows.length();
        this.stride = windows.stride();
        this.alignEnd = windows.alignEnd();
        this.from = from;
        this.to = to;
        this.normalize = normalize;
        this.normalizeFrom = normalizeFrom;
        this.normalizeTo = normalizeTo;
        postConfig();
    }

    /** Reads the file and builds the windows; OLCUT calls this after setting the fields. */
    @Override
    public void postConfig() {
        SlidingWindows windows;
        try {
            windows = SlidingWindows.of(length, stride, alignEnd);
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", length < 1 ? "length" : "stride", e.getMessage());
        }
        String[] header;
        List<double[]> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(dataPath, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw new PropertyException("", "dataPath", dataPath + " is empty; it needs a header row");
            }
            header = split(lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                rows.add(parse(lines.get(i), i + 1, header));
            }
        } catch (IOException e) {
            throw new PropertyException(e, "", "dataPath", "Cannot read " + dataPath + ": " + e.getMessage());
        }
        List<String> names = Arrays.asList(header);
        int label = -1;
        if (!labelColumn.isEmpty()) {
            label = names.indexOf(labelColumn);
            if (label < 0) {
                throw new PropertyException(
                        "",
                        "labelColumn",
                        "No column '" + labelColumn + "' in " + dataPath + "; its columns are " + names);
            }
        }
        List<Integer> columns = new ArrayList<>();
        if (channelColumns.isEmpty()) {
            for (int j = 0; j < header.length; j++) {
                if (j != label) {
                    columns.add(j);
                }
            }
        } else {
            for (String name : channelColumns) {
                int j = names.indexOf(name);
                if (j < 0) {
                    throw new PropertyException(
                            "",
                            "channelColumns",
                            "No column '" + name + "' in " + dataPath + "; its columns are " + names);
                }
                columns.add(j);
            }
        }
        channels = columns.size();
        if (channels == 0) {
            throw new PropertyException("", "channelColumns", dataPath + " has no channel column");
        }
        int n = rows.size();
        double[] series = new double[n * channels];
        int[] labels = label < 0 ? null : new int[n];
        for (int t = 0; t < n; t++) {
            double[] row = rows.get(t);
            for (int c = 0; c < channels; c++) {
                series[t * channels + c] = row[columns.get(c)];
            }
            if (labels != null) {
                double v = row[label];
                if (v != 0 && v != 1) {
                    throw new PropertyException(
                            "",
                            "labelColumn",
                            "Row " + (t + 2) + " of " + dataPath + ": label " + v + " is neither 0 nor 1");
                }
                labels[t] = (int) v;
            }
        }
        try {
            normalizer = normalize
                    ? SeriesNormalizer.fit(series, channels, normalizeFrom, normalizeTo < 0 ? n : normalizeTo)
                    : null;
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", "normalizeTo", e.getMessage());
        }
        try {
            delegate = WindowedDataSource.builder(series, channels, windows)
                    .labels(labels)
                    .range(from, to < 0 ? n : to)
                    .normalizer(normalizer)
                    .name(dataPath.getFileName().toString())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new PropertyException(e, "", "from", e.getMessage());
        }
        provenance = new WindowedCSVDataSourceProvenance(this);
    }

    private static String[] split(String line) {
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
        }
        return parts;
    }

    private double[] parse(String line, int lineNumber, String[] header) {
        String[] parts = split(line);
        if (parts.length != header.length) {
            throw new PropertyException(
                    "",
                    "dataPath",
                    "Line " + lineNumber + " of " + dataPath + " has " + parts.length + " fields, the header "
                            + header.length);
        }
        double[] out = new double[parts.length];
        for (int j = 0; j < parts.length; j++) {
            try {
                out[j] = Double.parseDouble(parts[j]);
            } catch (NumberFormatException e) {
                throw new PropertyException(
                        e,
                        "",
                        "dataPath",
                        "Line " + lineNumber + " of " + dataPath + ", column '" + header[j] + "': '" + parts[j]
                                + "' is not a number");
            }
        }
        return out;
    }

    /** @return the normaliser fitted on {@code [normalizeFrom, normalizeTo)}, or null without normalisation. */
    public SeriesNormalizer normalizer() {
        return normalizer;
    }

    /** @return the number of channels read. */
    public int channels() {
        return channels;
    }

    /** @return the windows as a plain data source. */
    public WindowedDataSource windows() {
        return delegate;
    }

    @Override
    public Iterator<Example<Event>> iterator() {
        return delegate.iterator();
    }

    @Override
    public OutputFactory<Event> getOutputFactory() {
        return delegate.getOutputFactory();
    }

    @Override
    public ConfiguredDataSourceProvenance getProvenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return "WindowedCSVDataSource(" + dataPath + "," + delegate + ")";
    }

    /** Provenance of a {@link WindowedCSVDataSource}: its settings, the file's hash and modification time. */
    public static final class WindowedCSVDataSourceProvenance extends SkeletalConfiguredObjectProvenance
            implements ConfiguredDataSourceProvenance {

        private static final long serialVersionUID = 1L;

        /** Key of the normalisation statistics, as text. */
        public static final String NORMALIZER = "normalizer";

        private final DateTimeProvenance creationTime;
        private final DateTimeProvenance modifiedTime;
        private final HashProvenance sha256;
        private final StringProvenance statistics;

        WindowedCSVDataSourceProvenance(WindowedCSVDataSource host) {
            super(host, "DataSource");
            this.creationTime = new DateTimeProvenance(DATASOURCE_CREATION_TIME, OffsetDateTime.now());
            try {
                this.modifiedTime = new DateTimeProvenance(
                        FILE_MODIFIED_TIME,
                        OffsetDateTime.ofInstant(
                                Files.getLastModifiedTime(host.dataPath).toInstant(), ZoneId.systemDefault()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.sha256 = new HashProvenance(
                    ProvenanceUtil.HashType.SHA256,
                    RESOURCE_HASH,
                    ProvenanceUtil.hashResource(ProvenanceUtil.HashType.SHA256, host.dataPath));
            this.statistics = new StringProvenance(
                    NORMALIZER,
                    host.normalizer == null
                            ? "none"
                            : "means=" + Arrays.toString(host.normalizer.means()) + ",stds="
                                    + Arrays.toString(host.normalizer.stds()));
        }

        /**
         * Rebuilds the provenance from its marshalled form (OLCUT's deserialisation calls this).
         *
         * @param map the provenance values by key.
         */
        public WindowedCSVDataSourceProvenance(Map<String, Provenance> map) {
            this(extract(map));
        }

        private WindowedCSVDataSourceProvenance(ExtractedInfo info) {
            super(info);
            this.creationTime = (DateTimeProvenance) info.instanceValues.get(DATASOURCE_CREATION_TIME);
            this.modifiedTime = (DateTimeProvenance) info.instanceValues.get(FILE_MODIFIED_TIME);
            this.sha256 = (HashProvenance) info.instanceValues.get(RESOURCE_HASH);
            this.statistics = (StringProvenance) info.instanceValues.get(NORMALIZER);
        }

        private static ExtractedInfo extract(Map<String, Provenance> map) {
            Map<String, Provenance> configured = new HashMap<>(map);
            String who = WindowedCSVDataSourceProvenance.class.getSimpleName();
            String className = ObjectProvenance.checkAndExtractProvenance(
                            configured, CLASS_NAME, StringProvenance.class, who)
                    .getValue();
            String hostName = ObjectProvenance.checkAndExtractProvenance(
                            configured, HOST_SHORT_NAME, StringProvenance.class, who)
                    .getValue();
            Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
            instance.put(
                    DATASOURCE_CREATION_TIME,
                    ObjectProvenance.checkAndExtractProvenance(
                            configured, DATASOURCE_CREATION_TIME, DateTimeProvenance.class, who));
            instance.put(
                    FILE_MODIFIED_TIME,
                    ObjectProvenance.checkAndExtractProvenance(
                            configured, FILE_MODIFIED_TIME, DateTimeProvenance.class, who));
            instance.put(
                    RESOURCE_HASH,
                    ObjectProvenance.checkAndExtractProvenance(configured, RESOURCE_HASH, HashProvenance.class, who));
            instance.put(
                    NORMALIZER,
                    ObjectProvenance.checkAndExtractProvenance(configured, NORMALIZER, StringProvenance.class, who));
            return new ExtractedInfo(className, hostName, configured, instance);
        }

        @Override
        public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
            Map<String, PrimitiveProvenance<?>> out = super.getInstanceValues();
            out.put(creationTime.getKey(), creationTime);
            out.put(modifiedTime.getKey(), modifiedTime);
            out.put(sha256.getKey(), sha256);
            out.put(statistics.getKey(), statistics);
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WindowedCSVDataSourceProvenance p
                    && super.equals(o)
                    && creationTime.equals(p.creationTime)
                    && modifiedTime.equals(p.modifiedTime)
                    && sha256.equals(p.sha256)
                    && statistics.equals(p.statistics);
        }

        @Override
        public int hashCode() {
            return Objects.hash(super.hashCode(), creationTime, modifiedTime, sha256, statistics);
        }
    }
}
