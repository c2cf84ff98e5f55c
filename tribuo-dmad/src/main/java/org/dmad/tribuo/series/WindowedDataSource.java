package org.dmad.tribuo.series;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.dmad.series.SeriesNormalizer;
import org.dmad.series.SlidingWindows;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.DataSourceProvenance;

/**
 * The sliding windows of a time series as a Tribuo data source, so that any tabular Tribuo anomaly trainer learns
 * from, and any Tribuo anomaly model scores, a series.
 * <p>
 * The series is row-major ({@code values[t * channels + c]}); the time steps {@code [from, to)} of it (the whole
 * series by default) are cut into windows by a {@link SlidingWindows} specification, optionally after a
 * {@link SeriesNormalizer} fitted elsewhere (on the training part only). Each window is one
 * {@code Example<Event>} whose features are named by {@link SlidingWindows#featureName(int, int, int, int)}, so
 * Tribuo's feature ids follow the time-major order of the window.
 * <p>
 * Labels: given one label per time step (1 = anomalous, 0 = normal), a window is {@code ANOMALOUS} when any of its
 * time steps is anomalous and {@code EXPECTED} otherwise, the usual convention of window-based time-series detection
 * (a window that contains an anomaly should be flagged). Without labels every window is {@code EXPECTED}: the
 * series is taken as normal training data, which is what the dmad trainers require.
 * <p>
 * The provenance records the window length, stride and end alignment, the channel count, the range, the number of
 * windows, whether labels were given, the normaliser's statistics and the time steps they were fitted on, the
 * series' name and SHA-256 when given, and a SHA-256 of the values themselves. The range's values are copied (and
 * normalised) when the data source is built; the labels array is kept by reference, so do not change it while the
 * data source is in use. Examples are made as the iterator advances.
 */
public final class WindowedDataSource implements DataSource<Event> {

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    private final double[] series;
    private final int channels;
    private final int[] labels;
    private final int from;
    private final int to;
    private final SlidingWindows windows;
    private final SeriesNormalizer normalizer;
    private final String[] names;
    private final WindowedDataSourceProvenance provenance;

    private WindowedDataSource(Builder b) {
        this.channels = b.channels;
        int n = SlidingWindows.seriesLength(b.series, b.channels);
        this.from = b.from;
        this.to = b.to < 0 ? n : b.to;
        if (from < 0 || to > n || from >= to) {
            throw new IllegalArgumentException(
                    "The range [" + from + ", " + to + ") is not inside the series' " + n + " time steps");
        }
        if (b.labels != null) {
            if (b.labels.length != n) {
                throw new IllegalArgumentException("Need one label per time step: the series has " + n
                        + " time steps but " + b.labels.length + " labels were given");
            }
            for (int t = 0; t < n; t++) {
                if (b.labels[t] != 0 && b.labels[t] != 1) {
                    throw new IllegalArgumentException("Label of time step " + t + " is " + b.labels[t]
                            + "; labels are 1 (anomalous) or 0 (normal)");
                }
            }
        }
        if (b.normalizer != null && b.normalizer.channels() != channels) {
            throw new IllegalArgumentException("The series has " + channels + " channels but the normaliser was "
                    + "fitted on " + b.normalizer.channels());
        }
        this.windows = b.windows;
        windows.count(to - from); // refuses a range shorter than one window, naming both lengths
        this.labels = b.labels;
        this.normalizer = b.normalizer;
        double[] part = Arrays.copyOfRange(b.series, from * channels, to * channels);
        this.series = normalizer == null ? checkFinite(part, from, channels) : normalizer.apply(part);
        this.names = windows.featureNames(channels);
        this.provenance = new WindowedDataSourceProvenance(this, b.name, b.sha256, sha256(b.series));
    }

    /**
     * Starts a data source over a whole series.
     *
     * @param series   row-major values, {@code channels} per time step.
     * @param channels channels per time step.
     * @param windows  the window length and stride.
     * @return the builder.
     */
    public static Builder builder(double[] series, int channels, SlidingWindows windows) {
        return new Builder(series, channels, windows);
    }

    /** @return the number of windows (examples). */
    public int size() {
        return windows.count(to - from);
    }

    /**
     * The first time step of a window, in the coordinates of the whole series.
     *
     * @param i the window index.
     * @return its start, {@code from} included.
     */
    public int windowStart(int i) {
        return from + windows.start(i, to - from);
    }

    /** @return the window specification. */
    public SlidingWindows windows() {
        return windows;
    }

    /**
     * Every window's values, as the examples hold them: row-major, {@link #featureNames()} order.
     *
     * @return {@link #size()} rows of window length x channels values.
     */
    public double[] rows() {
        int count = size();
        int width = windows.length() * channels;
        double[] rows = new double[count * width];
        for (int i = 0; i < count; i++) {
            System.arraycopy(series, windows.start(i, to - from) * channels, rows, i * width, width);
        }
        return rows;
    }

    /** @return the feature names of a window, time-major. */
    public String[] featureNames() {
        return names.clone();
    }

    @Override
    public Iterator<Example<Event>> iterator() {
        int count = size();
        int width = windows.length() * channels;
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public Example<Event> next() {
                if (i >= count) {
                    throw new NoSuchElementException();
                }
                int start = windows.start(i++, to - from);
                double[] values = new double[width];
                System.arraycopy(series, start * channels, values, 0, width);
                return new ArrayExample<>(label(from + start), names, values);
            }
        };
    }

    private Event label(int start) {
        if (labels == null) {
            return AnomalyFactory.EXPECTED_EVENT;
        }
        for (int t = start; t < start + windows.length(); t++) {
            if (labels[t] == 1) {
                return AnomalyFactory.ANOMALOUS_EVENT;
            }
        }
        return AnomalyFactory.EXPECTED_EVENT;
    }

    @Override
    public OutputFactory<Event> getOutputFactory() {
        return FACTORY;
    }

    @Override
    public DataSourceProvenance getProvenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return "WindowedDataSource(" + windows + ",channels=" + channels + ",range=[" + from + "," + to + "))";
    }

    private static double[] checkFinite(double[] values, int from, int channels) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("Time step " + (from + i / channels) + ", channel " + i % channels
                        + " is " + values[i] + "; every value must be finite (impute missing values first)");
            }
        }
        return values;
    }

    /**
     * The SHA-256 of a series' values, each written as the 8 big-endian bytes of its IEEE 754 bits.
     *
     * @param series the values.
     * @return the hash, lower-case hex.
     */
    public static String sha256(double[] series) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(8 * 1024);
            for (double v : series) {
                if (!buffer.hasRemaining()) {
                    digest.update(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                buffer.putDouble(v);
            }
            digest.update(buffer.array(), 0, buffer.position());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Builder of a {@link WindowedDataSource}; only the series, its channel count and the windows are required. */
    public static final class Builder {
        private final double[] series;
        private final int channels;
        private final SlidingWindows windows;
        private int[] labels;
        private int from;
        private int to = -1;
        private SeriesNormalizer normalizer;
        private String name = "";
        private String sha256 = "";

        private Builder(double[] series, int channels, SlidingWindows windows) {
            this.series = Objects.requireNonNull(series, "series");
            this.channels = channels;
            this.windows = Objects.requireNonNull(windows, "windows");
        }

        /**
         * @param pointLabels one label per time step of the whole series: 1 anomalous, 0 normal.
         * @return this builder.
         */
        public Builder labels(int[] pointLabels) {
            this.labels = pointLabels;
            return this;
        }

        /**
         * Restricts the windows to a part of the series.
         *
         * @param fromStep the first time step.
         * @param toStep   one past the last time step.
         * @return this builder.
         */
        public Builder range(int fromStep, int toStep) {
            this.from = fromStep;
            this.to = toStep;
            return this;
        }

        /**
         * @param fitted a normaliser fitted on the training part of the series, applied before windowing.
         * @return this builder.
         */
        public Builder normalizer(SeriesNormalizer fitted) {
            this.normalizer = fitted;
            return this;
        }

        /**
         * @param seriesName the series' name (a file name, a dataset id), for provenance.
         * @return this builder.
         */
        public Builder name(String seriesName) {
            this.name = Objects.requireNonNull(seriesName, "name");
            return this;
        }

        /**
         * @param fileSha256 the SHA-256 of the file the series was read from, for provenance.
         * @return this builder.
         */
        public Builder sha256(String fileSha256) {
            this.sha256 = Objects.requireNonNull(fileSha256, "sha256");
            return this;
        }

        /**
         * Builds and checks the data source.
         *
         * @return the data source.
         * @throws IllegalArgumentException for inconsistent lengths, a range shorter than one window, labels other
         *                                  than 0 and 1, or a non-finite value.
         */
        public WindowedDataSource build() {
            return new WindowedDataSource(this);
        }
    }

    /** Provenance of a {@link WindowedDataSource}: the window specification, the range and the normalisation. */
    public static final class WindowedDataSourceProvenance implements DataSourceProvenance {

        private static final long serialVersionUID = 1L;

        /** Key of the series' name. */
        public static final String NAME = "name";
        /** Key of the SHA-256 of the series' file, when given. */
        public static final String FILE_SHA256 = "file-sha256";
        /** Key of the SHA-256 of the series' values. */
        public static final String VALUES_SHA256 = "values-sha256";
        /** Key of the channel count. */
        public static final String CHANNELS = "channels";
        /** Key of the window length. */
        public static final String LENGTH = "length";
        /** Key of the stride. */
        public static final String STRIDE = "stride";
        /** Key of the end alignment. */
        public static final String ALIGN_END = "align-end";
        /** Key of the first time step. */
        public static final String FROM = "from";
        /** Key of one past the last time step. */
        public static final String TO = "to";
        /** Key of the number of windows. */
        public static final String WINDOWS = "windows";
        /** Key of whether labels were given. */
        public static final String LABELLED = "labelled";
        /** Key of where the normalisation statistics came from. */
        public static final String NORMALIZER = "normalizer";
        /** Key of the normalisation means. */
        public static final String NORMALIZER_MEANS = "normalizer-means";
        /** Key of the normalisation standard deviations. */
        public static final String NORMALIZER_STDS = "normalizer-stds";

        private final Map<String, Provenance> values;

        private WindowedDataSourceProvenance(
                WindowedDataSource source, String name, String fileSha256, String valuesSha256) {
            Map<String, Provenance> map = new LinkedHashMap<>();
            map.put(CLASS_NAME, new StringProvenance(CLASS_NAME, WindowedDataSource.class.getName()));
            map.put(NAME, new StringProvenance(NAME, name));
            map.put(FILE_SHA256, new StringProvenance(FILE_SHA256, fileSha256));
            map.put(VALUES_SHA256, new StringProvenance(VALUES_SHA256, valuesSha256));
            map.put(CHANNELS, new IntProvenance(CHANNELS, source.channels));
            map.put(LENGTH, new IntProvenance(LENGTH, source.windows.length()));
            map.put(STRIDE, new IntProvenance(STRIDE, source.windows.stride()));
            map.put(ALIGN_END, new BooleanProvenance(ALIGN_END, source.windows.alignEnd()));
            map.put(FROM, new IntProvenance(FROM, source.from));
            map.put(TO, new IntProvenance(TO, source.to));
            map.put(WINDOWS, new IntProvenance(WINDOWS, source.size()));
            map.put(LABELLED, new BooleanProvenance(LABELLED, source.labels != null));
            SeriesNormalizer normalizer = source.normalizer;
            String description;
            if (normalizer == null) {
                description = "none";
            } else {
                int[] range = normalizer.fittedRange();
                description = range[1] > range[0]
                        ? "z-score fitted on time steps [" + range[0] + ", " + range[1] + ")"
                        : "z-score with given statistics";
            }
            map.put(NORMALIZER, new StringProvenance(NORMALIZER, description));
            map.put(NORMALIZER_MEANS, doubles(normalizer == null ? new double[0] : normalizer.means()));
            map.put(NORMALIZER_STDS, doubles(normalizer == null ? new double[0] : normalizer.stds()));
            map.put(DATASOURCE_CREATION_TIME, new DateTimeProvenance(DATASOURCE_CREATION_TIME, OffsetDateTime.now()));
            map.put(OUTPUT_FACTORY, FACTORY.getProvenance());
            this.values = Collections.unmodifiableMap(map);
        }

        /**
         * Rebuilds the provenance from its marshalled form (OLCUT's deserialisation calls this).
         *
         * @param map the provenance values by key.
         */
        public WindowedDataSourceProvenance(Map<String, Provenance> map) {
            if (!(map.get(CLASS_NAME) instanceof StringProvenance)) {
                map = new LinkedHashMap<>(map);
                map.put(CLASS_NAME, new StringProvenance(CLASS_NAME, WindowedDataSource.class.getName()));
            }
            this.values = Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }

        private static ListProvenance<DoubleProvenance> doubles(double[] xs) {
            List<DoubleProvenance> out = new ArrayList<>(xs.length);
            for (double x : xs) {
                out.add(new DoubleProvenance("", x));
            }
            return new ListProvenance<>(out);
        }

        /**
         * One recorded value.
         *
         * @param key a key such as {@link #LENGTH}.
         * @return the value, or null when absent.
         */
        public Provenance get(String key) {
            return values.get(key);
        }

        @Override
        public String getClassName() {
            return ((StringProvenance) values.get(CLASS_NAME)).getValue();
        }

        @Override
        public Iterator<Pair<String, Provenance>> iterator() {
            List<Pair<String, Provenance>> out = new ArrayList<>(values.size());
            for (Map.Entry<String, Provenance> e : values.entrySet()) {
                if (!ObjectProvenance.CLASS_NAME.equals(e.getKey())) {
                    out.add(new Pair<>(e.getKey(), e.getValue()));
                }
            }
            return out.iterator();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WindowedDataSourceProvenance p && p.values.equals(values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }

        @Override
        public String toString() {
            return generateString("WindowedDataSource");
        }
    }
}
