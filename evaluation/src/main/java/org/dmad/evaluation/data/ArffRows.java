package org.dmad.evaluation.data;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import weka.core.Attribute;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.converters.ArffLoader;

/**
 * Reads an ARFF file a chunk of rows at a time through Weka's incremental {@code ArffReader} (see {@link ArffData}
 * for the format and how the label attribute is found).
 */
public final class ArffRows implements RowStream {

    private static final Set<String> LABEL_NAMES = Set.of("label", "class", "outlier");
    private static final Set<String> ANOMALY_VALUES = Set.of("anomaly", "anomalous", "outlier", "yes", "true", "1");

    private final Path file;
    private final Reader in;
    private final ArffLoader.ArffReader arff;
    private final Instances structure;
    private final int label;
    private final int[] features;
    private final List<String> names;
    private long row;

    private ArffRows(
            Path file,
            Reader in,
            ArffLoader.ArffReader arff,
            Instances structure,
            int label,
            int[] features,
            List<String> names) {
        this.file = file;
        this.in = in;
        this.arff = arff;
        this.structure = structure;
        this.label = label;
        this.features = features;
        this.names = List.copyOf(names);
    }

    /**
     * Opens a file and reads its header.
     *
     * @param file the ARFF file.
     * @return the stream, positioned at the first data row.
     * @throws IOException naming the file when it is not a readable ARFF file or has non-numeric features.
     */
    public static ArffRows open(Path file) throws IOException {
        Reader in = new FinalNewline(new BufferedReader(
                new InputStreamReader(
                        Files.newInputStream(file),
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16));
        try {
            ArffRows rows = withHeader(file, in);
            in = null;
            return rows;
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }

    private static ArffRows withHeader(Path file, Reader in) throws IOException {
        ArffLoader.ArffReader arff;
        Instances structure;
        try {
            arff = new ArffLoader.ArffReader(in, 1024);
            structure = arff.getStructure();
        } catch (Exception e) {
            throw new IOException(file + " is not a readable ARFF file: " + e.getMessage(), e);
        }
        int label = -1;
        for (int a = 0; a < structure.numAttributes(); a++) {
            if (LABEL_NAMES.contains(structure.attribute(a).name().toLowerCase(Locale.ROOT))) {
                label = a;
            }
        }
        if (label < 0) {
            for (int a = structure.numAttributes() - 1; a >= 0; a--) {
                if (structure.attribute(a).isNominal()) {
                    label = a;
                    break;
                }
            }
        }
        List<Integer> features = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int a = 0; a < structure.numAttributes(); a++) {
            if (a == label) {
                continue;
            }
            Attribute att = structure.attribute(a);
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
        return new ArffRows(
                file,
                in,
                arff,
                structure,
                label,
                features.stream().mapToInt(Integer::intValue).toArray(),
                names);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public List<String> featureNames() {
        return names;
    }

    @Override
    public boolean labelled() {
        return label >= 0;
    }

    @Override
    public int read(double[] x, int[] y, int from, int max) throws IOException {
        int d = features.length;
        int n = 0;
        while (n < max) {
            Instance inst;
            try {
                inst = arff.readInstance(structure);
            } catch (Exception e) {
                throw new IOException(file + " is not a readable ARFF file: " + e.getMessage(), e);
            }
            if (inst == null) {
                break;
            }
            row++;
            int r = from + n;
            for (int k = 0; k < d; k++) {
                int a = features[k];
                if (inst.isMissing(a)) {
                    throw new IOException(file + ", row " + row + ", attribute '"
                            + structure.attribute(a).name() + "': missing value ('?'); impute or drop it first");
                }
                double v = inst.value(a);
                if (!Double.isFinite(v)) {
                    throw new IOException(file + ", row " + row + ", attribute '"
                            + structure.attribute(a).name() + "' is " + v + "; every value must be finite");
                }
                x[r * d + k] = v;
            }
            int yi = 0;
            if (label >= 0 && !inst.isMissing(label)) {
                Attribute att = structure.attribute(label);
                if (att.isNominal()) {
                    yi = ANOMALY_VALUES.contains(inst.stringValue(label).toLowerCase(Locale.ROOT)) ? 1 : 0;
                } else {
                    yi = inst.value(label) != 0 ? 1 : 0;
                }
            }
            y[r] = yi;
            n++;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Adds a newline at the end of the text: Weka's {@code ArffReader} loops forever when a file ends inside an
     * attribute line (found by MalformedFilesTest).
     */
    private static final class FinalNewline extends FilterReader {
        private boolean added;

        FinalNewline(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c < 0 && !added) {
                added = true;
                return '\n';
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int got = super.read(buf, off, len);
            if (got < 0 && !added) {
                added = true;
                buf[off] = '\n';
                return 1;
            }
            return got;
        }
    }
}
