package org.dmad.evaluation.timeseries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Finds and loads labelled time series in the layouts of {@link TimeSeriesFormat}: NAB, SMD, SMAP/MSL, UCR, TSB-AD,
 * TSB-UAD and generic CSV. Loading is lazy, so a benchmark over many series holds one in memory at a time.
 * <p>
 * A file is dispatched by its format. A folder expands recursively to every series below it, sorted by the path of
 * each series' main file: a folder holding {@code labels/combined_windows.json} is a NAB tree, of which only
 * {@code data/} is read (its {@code results/} hold detector scores, not series); a folder with {@code train/},
 * {@code test/} and {@code test_label/} is SMD, one series per test file; a folder with {@code test/} and
 * {@code labeled_anomalies.csv} is SMAP/MSL, one series per test array. README, LICENSE, {@code .md}, {@code .json}
 * and {@code .tsv} files, and files of no supported format, are skipped.
 * <p>
 * Series names (see {@link TimeSeriesFormat}) are unique across one call: two different series that would share a
 * name are an error, and the same series reached twice is listed once.
 * <p>
 * Provenance: each series' {@link org.dmad.evaluation.data.DatasetRecord} has the absolute path of its main file as
 * {@code source} (followed by {@code ;missing=<policy>} when missing values were filled), a content hash as
 * {@code sha256}, and its length, channels and anomaly count. {@link #fingerprint(String)} recomputes the hash from
 * the source string alone, so a reproduction can tell whether any file behind a result has changed.
 */
public final class TimeSeriesSources {

    /** A time series that is loaded when needed. */
    public interface Source {
        /** @return the series name, known without loading. */
        String name();

        /** @return the format of the series. */
        TimeSeriesFormat format();

        /** @return the absolute path of the series' main file. */
        Path file();

        /**
         * @return the loaded series.
         * @throws IOException when it cannot be loaded; the message names the file and the problem.
         */
        TimeSeries load() throws IOException;
    }

    private record Found(TimeSeriesFormat format, Path file) {}

    private TimeSeriesSources() {}

    /**
     * Sources for files and folders.
     *
     * @param paths files or folders.
     * @param opts  the loading options.
     * @return one source per series, in the order of {@code paths} and, within a folder, by path.
     * @throws IOException when a path does not exist, a file has no supported format, a folder holds no series, or
     *                     two different series would share a name.
     */
    public static List<Source> sources(List<Path> paths, TimeSeriesOptions opts) throws IOException {
        Objects.requireNonNull(opts, "opts");
        Map<String, Path> seen = new HashMap<>();
        List<Source> out = new ArrayList<>();
        for (Path p : paths) {
            List<Found> found = new ArrayList<>();
            if (Files.isDirectory(p)) {
                walk(p, found);
                if (found.isEmpty()) {
                    throw new IOException("No time series in " + p + " (looked for NAB, SMD, SMAP/MSL, UCR, TSB-AD, "
                            + "TSB-UAD and CSV files)");
                }
                found.sort(Comparator.comparing(Found::file));
            } else if (Files.isRegularFile(p)) {
                TimeSeriesFormat f = TimeSeriesFormat.of(p);
                found.add(new Found(f, f.main(p)));
            } else {
                throw new IOException("No such file or folder: " + p);
            }
            for (Found f : found) {
                String name = f.format().seriesName(f.file());
                Path previous = seen.putIfAbsent(name, f.file());
                if (previous == null) {
                    out.add(source(f, name, opts));
                } else if (!previous.equals(f.file())) {
                    throw new IOException("Two series would be named '" + name + "': " + previous + " and " + f.file()
                            + " (load them in separate runs, or rename one)");
                }
            }
        }
        return out;
    }

    /**
     * Loads the series a file belongs to (for SMD and SMAP/MSL, any of the series' files).
     *
     * @param file the file.
     * @param opts the loading options.
     * @return the series.
     * @throws IOException naming the file and the problem.
     */
    public static TimeSeries load(Path file, TimeSeriesOptions opts) throws IOException {
        return load(TimeSeriesFormat.of(file), file, opts);
    }

    /**
     * Recomputes the content hash of a series from its recorded source, for comparison with the recorded
     * {@code sha256}: any change to any file behind the series changes it.
     *
     * @param source a {@link org.dmad.evaluation.data.DatasetRecord#source()} written by these loaders.
     * @return the current content hash.
     * @throws IOException when a file is missing or unreadable.
     */
    public static String fingerprint(String source) throws IOException {
        Path file = Path.of(source.replaceFirst(";missing=[a-z]+$", ""));
        if (!Files.isRegularFile(file)) {
            throw new IOException("The source of a time series is no longer a file: " + file);
        }
        TimeSeriesFormat f = TimeSeriesFormat.of(file);
        return f.sha256(f.main(file));
    }

    private static TimeSeries load(TimeSeriesFormat format, Path file, TimeSeriesOptions opts) throws IOException {
        return switch (format) {
            case NAB -> NabSeries.load(file, opts);
            case SMD -> SmdSeries.load(file, opts);
            case SMAP_MSL -> SmapMslSeries.load(file, opts);
            case UCR -> TextFormatLoaders.ucr(file, opts);
            case TSB_AD -> TextFormatLoaders.tsbAd(file, opts);
            case TSB_UAD -> TextFormatLoaders.tsbUad(file, opts);
            case CSV -> TextFormatLoaders.csv(file, opts);
        };
    }

    private static Source source(Found f, String name, TimeSeriesOptions opts) {
        return new Source() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TimeSeriesFormat format() {
                return f.format();
            }

            @Override
            public Path file() {
                return f.file();
            }

            @Override
            public TimeSeries load() throws IOException {
                return TimeSeriesSources.load(f.format(), f.file(), opts);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static void walk(Path dir, List<Found> out) throws IOException {
        if (Files.isRegularFile(dir.resolve(TimeSeriesFormat.NAB_WINDOWS))) {
            Path data = dir.resolve("data");
            if (Files.isDirectory(data)) {
                walk(data, out);
            }
            return;
        }
        if (TimeSeriesFormat.isSmdRoot(dir)) {
            for (Path f : list(dir.resolve("test"))) {
                if (Files.isRegularFile(f) && f.getFileName().toString().endsWith(".txt")) {
                    out.add(new Found(TimeSeriesFormat.SMD, TimeSeriesFormat.SMD.main(f)));
                }
            }
            return;
        }
        if (TimeSeriesFormat.isSmapRoot(dir)) {
            for (Path f : list(dir.resolve("test"))) {
                if (Files.isRegularFile(f) && f.getFileName().toString().endsWith(".npy")) {
                    out.add(new Found(TimeSeriesFormat.SMAP_MSL, TimeSeriesFormat.SMAP_MSL.main(f)));
                }
            }
            return;
        }
        for (Path child : list(dir)) {
            if (Files.isDirectory(child)) {
                walk(child, out);
            } else if (Files.isRegularFile(child) && !skipped(child)) {
                TimeSeriesFormat f;
                try {
                    f = TimeSeriesFormat.detect(child);
                } catch (IOException unreadableHeader) {
                    // A CSV whose header cannot be read is still listed, so that loading it reports the problem.
                    f = TimeSeriesFormat.CSV;
                }
                if (f != null) {
                    out.add(new Found(f, f.main(child)));
                }
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static boolean skipped(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.startsWith(".")
                || n.startsWith("readme")
                || n.startsWith("license")
                || n.endsWith(".md")
                || n.endsWith(".json")
                || n.endsWith(".tsv");
    }
}
