package org.dmad.evaluation.data;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Opens datasets by file type: ADBench {@code .npz}, {@code .csv} (label column by name) and {@code .arff}; a folder
 * stands for every such file in it, in name order. Loading is lazy so that a benchmark over many files holds one
 * dataset in memory at a time. The sources made here are serializable (a Spark grid ships them to executors).
 */
public final class Datasets {

    /** A dataset that is loaded when needed. */
    public interface Source {
        /** @return the dataset name, known without loading. */
        String name();

        /**
         * @return the loaded dataset.
         * @throws IOException when it cannot be loaded.
         */
        TabularData load() throws IOException;

        /**
         * An estimate of the dataset's rows, known without loading it, by which {@code dmad bench --jobs N} walks the
         * largest datasets first. Rows, not rows x columns: a run's training takes batches per epoch by rows, and the
         * networks' hidden layers (256-512-256 for DTE, 128-256 for the denoiser) cost about the same per row whatever
         * the width, so 2_annthyroid (7,200 x 6) trains longer than 25_musk (3,062 x 166) though its file is an
         * eleventh of the size (by file size it came 8th of the 21 files of docs/PERFORMANCE.md section 11). An {@code .npz}
         * declares its rows in X's header, which is read alone; a CSV or ARFF file is estimated from its size and the
         * mean length of its first lines; a generated dataset knows its rows. Every process sees the same values.
         *
         * @return the estimate, 0 when unknown.
         */
        default long size() {
            return 0;
        }
    }

    private Datasets() {}

    /**
     * Sources for files and folders.
     *
     * @param paths       files or folders.
     * @param labelColumn the label column of CSV files.
     * @return one source per dataset file.
     * @throws IOException when a path does not exist or has an unsupported type.
     */
    public static List<Source> sources(List<Path> paths, String labelColumn) throws IOException {
        List<Source> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(p)) {
                    files = s.filter(Datasets::supported).sorted().toList();
                }
                if (files.isEmpty()) {
                    throw new IOException("No .npz, .csv or .arff files in " + p);
                }
                for (Path f : files) {
                    out.add(source(f, labelColumn));
                }
            } else if (Files.isRegularFile(p)) {
                if (!supported(p)) {
                    throw new IOException("Unsupported file type: " + p + " (use .npz, .csv or .arff)");
                }
                out.add(source(p, labelColumn));
            } else {
                throw new IOException("No such file or folder: " + p);
            }
        }
        return out;
    }

    /**
     * Sources for the generated suite.
     *
     * @param seed the generator seed.
     * @return one source per synthetic anomaly type.
     */
    public static List<Source> synthetic(long seed) {
        List<Source> out = new ArrayList<>();
        for (String type : SyntheticSuite.TYPES) {
            out.add(synthetic(type, 1900, 100, 8, seed));
        }
        return out;
    }

    /**
     * A source for one generated dataset (see {@link SyntheticSuite#generate}); like every source made here it is
     * serializable, so that a cluster can ship it to the machine that loads it.
     *
     * @param type      the anomaly type.
     * @param normals   normal rows.
     * @param anomalies anomalous rows.
     * @param columns   features.
     * @param seed      the generator seed.
     * @return the source, named {@code synthetic-<type>}.
     */
    public static Source synthetic(String type, int normals, int anomalies, int columns, long seed) {
        return new SyntheticSource(type, normals, anomalies, columns, seed);
    }

    /**
     * Loads one file by its type.
     *
     * @param file        the file.
     * @param labelColumn the label column of a CSV file.
     * @return the dataset.
     * @throws IOException when it cannot be loaded.
     */
    public static TabularData load(Path file, String labelColumn) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return NpzData.load(file);
        } else if (name.endsWith(".csv")) {
            return CSVData.load(file, labelColumn);
        } else if (name.endsWith(".arff")) {
            return ArffData.load(file);
        }
        throw new IOException("Unsupported file type: " + file + " (use .npz, .csv or .arff)");
    }

    /**
     * Opens one file for reading a chunk of rows at a time: CSV and ARFF files are streamed, and so is an
     * {@code .npz} archive whose X is in C order ({@link NpzRows}); one whose X is in Fortran order (column by column,
     * as ADBench writes them) is read into memory first.
     *
     * @param file          the file.
     * @param labelColumn   the label column of a CSV file, or null for none.
     * @param labelRequired false to read a CSV file without that column as unlabelled.
     * @return the stream; the caller closes it.
     * @throws IOException when the file cannot be opened or its header is invalid.
     */
    public static RowStream open(Path file, String labelColumn, boolean labelRequired) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            RowStream streamed = NpzRows.open(file);
            return streamed != null ? streamed : new TableRows(file, NpzData.load(file));
        } else if (name.endsWith(".csv")) {
            return CSVRows.open(file, labelColumn, labelRequired);
        } else if (name.endsWith(".arff")) {
            return ArffRows.open(file);
        }
        throw new IOException("Unsupported file type: " + file + " (use .npz, .csv or .arff)");
    }

    /**
     * Loads one file by its type.
     *
     * @param file          the file.
     * @param labelColumn   the label column of a CSV file, or null for none.
     * @param labelRequired false to read a CSV file without that column as unlabelled.
     * @return the dataset.
     * @throws IOException when it cannot be loaded.
     */
    public static TabularData load(Path file, String labelColumn, boolean labelRequired) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return CSVData.load(file, labelColumn, labelRequired);
        }
        return load(file, labelColumn);
    }

    /** A table already in memory, read as a stream. */
    private static final class TableRows implements RowStream {
        private final Path file;
        private final TabularData table;
        private int next;

        TableRows(Path file, TabularData table) {
            this.file = file;
            this.table = table;
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public List<String> featureNames() {
            return table.featureNames();
        }

        @Override
        public boolean labelled() {
            return true;
        }

        @Override
        public int read(double[] x, int[] y, int from, int max) {
            int d = table.columns();
            int n = Math.min(max, table.rows() - next);
            System.arraycopy(table.x(), next * d, x, from * d, n * d);
            System.arraycopy(table.y(), next, y, from, n);
            next += n;
            return n;
        }

        @Override
        public void close() {
            // Nothing held but memory.
        }
    }

    private static Source source(Path file, String labelColumn) {
        String base = file.getFileName().toString().replaceFirst("\\.(npz|csv|arff)$", "");
        return new FileSource(base, file.toString(), labelColumn);
    }

    /** A dataset file; the path is kept as text because {@link Path} is not serializable. */
    private record FileSource(String name, String path, String labelColumn) implements Source, Serializable {
        @Override
        public TabularData load() throws IOException {
            return Datasets.load(Path.of(path), labelColumn);
        }

        @Override
        public long size() {
            Path p = Path.of(path);
            return p.getFileName().toString().endsWith(".npz") ? NpzRows.rowCount(p) : estimatedLines(p);
        }
    }

    /** A generated dataset. */
    private record SyntheticSource(String type, int normals, int anomalies, int columns, long seed)
            implements Source, Serializable {
        @Override
        public String name() {
            return "synthetic-" + type;
        }

        @Override
        public TabularData load() {
            return SyntheticSuite.generate(type, normals, anomalies, columns, seed);
        }

        @Override
        public long size() {
            return (long) normals + anomalies;
        }
    }

    /**
     * The lines of a text file estimated from its size and the mean length of the lines in its first 64 KiB.
     *
     * @param file the file.
     * @return the estimate, 0 when it cannot be read (loading it will report why).
     */
    static long estimatedLines(Path file) {
        byte[] head = new byte[1 << 16];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            long lines = 0;
            for (int i = 0; i < n; i++) {
                if (head[i] == '\n') {
                    lines++;
                }
            }
            long size = Files.size(file);
            return lines == 0 ? (size > 0 ? 1 : 0) : Math.round((double) size * lines / n);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean supported(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".npz") || n.endsWith(".csv") || n.endsWith(".arff");
    }
}
