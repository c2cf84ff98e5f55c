package org.dmad.evaluation.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Opens datasets by file type: ADBench {@code .npz}, {@code .csv} (label column by name) and {@code .arff}; a folder
 * stands for every such file in it, in name order. Loading is lazy so that a benchmark over many files holds one
 * dataset in memory at a time.
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
    }

    private Datasets() {
    }

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
            out.add(new Source() {
                @Override
                public String name() {
                    return "synthetic-" + type;
                }

                @Override
                public TabularData load() {
                    return SyntheticSuite.generate(type, 1900, 100, 8, seed);
                }
            });
        }
        return out;
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
            return CsvData.load(file, labelColumn);
        } else if (name.endsWith(".arff")) {
            return ArffData.load(file);
        }
        throw new IOException("Unsupported file type: " + file + " (use .npz, .csv or .arff)");
    }

    private static Source source(Path file, String labelColumn) {
        String base = file.getFileName().toString().replaceFirst("\\.(npz|csv|arff)$", "");
        return new Source() {
            @Override
            public String name() {
                return base;
            }

            @Override
            public TabularData load() throws IOException {
                return Datasets.load(file, labelColumn);
            }
        };
    }

    private static boolean supported(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".npz") || n.endsWith(".csv") || n.endsWith(".arff");
    }
}
