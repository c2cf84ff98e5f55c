package org.dmad.evaluation.timeseries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.dmad.evaluation.data.Hashing;

/**
 * The time-series file layouts that {@link TimeSeriesSources} recognises, each with its split convention and the
 * name given to its series. Names carry a fixed format prefix rather than the user's folder names, so they are the
 * same wherever the data is kept.
 */
public enum TimeSeriesFormat {
    /**
     * Numenta Anomaly Benchmark: {@code <root>/data/<category>/<file>.csv} with the header {@code timestamp,value},
     * labelled by {@code <root>/labels/combined_windows.json} (the root is found by walking up from the file). Steps
     * whose timestamp lies inside a window, ends included, are labelled 1. {@code trainEnd} is NAB's probationary
     * period, {@code min(floor(0.15 * length), 750)} as NAB's scorer computes it; {@code evalStart} is 0 because NAB
     * scores the whole file. Name: {@code nab/<category>/<file>}. Content hash over the CSV and the windows file.
     */
    NAB,
    /**
     * Server Machine Dataset (OmniAnomaly text layout): {@code <root>/train/<m>.txt}, {@code <root>/test/<m>.txt}
     * (comma-separated rows) and {@code <root>/test_label/<m>.txt} (one 0/1 per line). The series is the training
     * rows followed by the test rows; training rows are labelled 0. {@code trainEnd = evalStart =} the number of
     * training rows, so metrics cover the test rows only. {@code interpretation_label/} is ignored. Name:
     * {@code smd/<m>}. The main file is the test file; content hash over the three files.
     */
    SMD,
    /**
     * NASA SMAP/MSL telemetry (telemanom layout): {@code <root>/train/<chan>.npy}, {@code <root>/test/<chan>.npy}
     * (float arrays of shape steps x dims) and {@code labeled_anomalies.csv} in {@code <root>} or {@code test/},
     * whose {@code anomaly_sequences} holds inclusive {@code [start, end]} test indices. Split as for {@link #SMD}:
     * training rows then test rows, {@code trainEnd = evalStart =} training length. Name: {@code smap_msl/<chan>}.
     * The main file is the test array; content hash over both arrays and the label file.
     */
    SMAP_MSL,
    /**
     * UCR anomaly archive (KDD Cup 2021): {@code <id>_UCR_Anomaly_<name>_<trainEnd>_<start>_<end>.txt}, whitespace-
     * or line-separated values. Steps {@code [start, end)} (0-based, as TranAD and TSB-UAD read them) are labelled
     * 1; {@code trainEnd} comes from the name; {@code evalStart} is 0, as in TSB-UAD's published figures. Name:
     * {@code ucr/<file>}.
     */
    UCR,
    /**
     * TSB-AD-U/M CSV: a header whose last column is {@code Label}; every other column is a channel. {@code trainEnd}
     * is the {@code tr_<n>} of the file name (without one, the training fraction option, default 0);
     * {@code evalStart} is 0 because TSB-AD evaluates the whole series. Name: {@code tsb-ad/<folder>/<file>}.
     */
    TSB_AD,
    /**
     * TSB-UAD {@code .out}: headerless {@code value,label} rows. TSB-UAD has no training split, so {@code trainEnd}
     * is the training fraction option, by default {@code floor(0.1 * length)}; {@code evalStart} is 0. Name:
     * {@code tsb-uad/<folder>/<file>} (TSB-UAD files are grouped by dataset folder).
     */
    TSB_UAD,
    /**
     * Any other CSV with a header: an optional timestamp column and an optional label column (named in
     * {@link TimeSeriesOptions}); every other column is a channel. {@code trainEnd} is the training fraction option
     * (default 0: the caller decides); {@code evalStart} is 0. Name: the file name without {@code .csv}.
     */
    CSV;

    static final Pattern UCR_NAME = Pattern.compile("(\\d+)_UCR_Anomaly_(.+)_(\\d+)_(\\d+)_(\\d+)\\.txt");
    static final String NAB_WINDOWS = "labels/combined_windows.json";
    static final String SMAP_LABELS = "labeled_anomalies.csv";

    /**
     * Recognises a file's format from its name, its place in a folder tree and, for CSV files, its header.
     *
     * @param file a regular file.
     * @return its format.
     * @throws IOException when the file fits no format (or its header cannot be read).
     */
    public static TimeSeriesFormat of(Path file) throws IOException {
        TimeSeriesFormat f = detect(file);
        if (f == null) {
            throw new IOException("Unsupported time-series file: " + file + " (expected a NAB, TSB-AD or generic "
                    + ".csv, a TSB-UAD .out, a UCR <id>_UCR_Anomaly_<name>_<trainEnd>_<start>_<end>.txt, an SMD "
                    + "train/test/test_label .txt or a SMAP/MSL train/test .npy beside labeled_anomalies.csv)");
        }
        return f;
    }

    /**
     * @param file a regular file.
     * @return its format, or null when it fits none.
     * @throws IOException when a CSV header cannot be read.
     */
    static TimeSeriesFormat detect(Path file) throws IOException {
        String n = file.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".out")) {
            return TSB_UAD;
        } else if (lower.endsWith(".npy")) {
            return smapRoot(file) != null ? SMAP_MSL : null;
        } else if (lower.endsWith(".txt")) {
            if (UCR_NAME.matcher(n).matches()) {
                return UCR;
            }
            return smdRoot(file) != null ? SMD : null;
        } else if (lower.endsWith(".csv")) {
            String[] h = TextParsing.header(file);
            if (h != null
                    && h.length == 2
                    && h[0].equals("timestamp")
                    && h[1].equals("value")
                    && nabRoot(file) != null) {
                return NAB;
            }
            if (h != null && h.length >= 2 && h[h.length - 1].equals("Label")) {
                return TSB_AD;
            }
            return CSV;
        }
        return null;
    }

    /**
     * @param file a data file.
     * @return the nearest folder above it that holds {@code labels/combined_windows.json}, or null.
     */
    static Path nabRoot(Path file) {
        for (Path p = file.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(NAB_WINDOWS))) {
                return p;
            }
        }
        return null;
    }

    /**
     * @param file a {@code .txt} file.
     * @return the SMD root when the file lies in its train/, test/ or test_label/ folder, else null.
     */
    static Path smdRoot(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || dir.getParent() == null) {
            return null;
        }
        String d = dir.getFileName().toString();
        Path root = dir.getParent();
        return (d.equals("train") || d.equals("test") || d.equals("test_label")) && isSmdRoot(root) ? root : null;
    }

    static boolean isSmdRoot(Path dir) {
        return Files.isDirectory(dir.resolve("train"))
                && Files.isDirectory(dir.resolve("test"))
                && Files.isDirectory(dir.resolve("test_label"));
    }

    /**
     * @param file a {@code .npy} file.
     * @return the SMAP/MSL root (the folder holding train/ and test/) when the file lies in its train/ or test/
     *         folder and {@code labeled_anomalies.csv} is in the root or in test/, else null.
     */
    static Path smapRoot(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || dir.getParent() == null) {
            return null;
        }
        String d = dir.getFileName().toString();
        Path root = dir.getParent();
        return (d.equals("train") || d.equals("test")) && isSmapRoot(root) ? root : null;
    }

    static boolean isSmapRoot(Path dir) {
        return Files.isDirectory(dir.resolve("test")) && smapLabels(dir) != null;
    }

    static Path smapLabels(Path root) {
        for (Path p : List.of(root.resolve(SMAP_LABELS), root.resolve("test").resolve(SMAP_LABELS))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The main file of a series: the file itself, except for SMD and SMAP/MSL, whose main file is the test file.
     *
     * @param file a file of this format.
     * @return the main file.
     */
    Path main(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return switch (this) {
            case SMD -> abs.getParent().getParent().resolve("test").resolve(abs.getFileName());
            case SMAP_MSL -> abs.getParent().getParent().resolve("test").resolve(abs.getFileName());
            default -> abs;
        };
    }

    /**
     * The series name (see each format).
     *
     * @param file a file of this format.
     * @return the name.
     */
    String seriesName(Path file) {
        String base = TextParsing.base(file);
        Path parent = file.toAbsolutePath().getParent();
        String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/";
        return switch (this) {
            case NAB -> "nab/" + folder + base;
            case SMD -> "smd/" + base;
            case SMAP_MSL -> "smap_msl/" + base;
            case UCR -> "ucr/" + base;
            case TSB_AD -> "tsb-ad/" + folder + base;
            case TSB_UAD -> "tsb-uad/" + folder + base;
            case CSV -> base;
        };
    }

    /**
     * The content hash recorded as a series' {@code sha256}: the file's SHA-256 for single-file formats; for
     * {@link #NAB}, {@link #SMD} and {@link #SMAP_MSL} the SHA-256 of the text made of one line
     * {@code <path relative to the root>=<member sha256>} per member file, in a fixed order.
     *
     * @param main the main file.
     * @return the hash.
     * @throws IOException when a member file is missing or unreadable.
     */
    String sha256(Path main) throws IOException {
        Path root;
        List<Path> members;
        switch (this) {
            case SMD -> {
                root = main.getParent().getParent();
                Path m = main.getFileName();
                members = List.of(
                        root.resolve("train").resolve(m),
                        main,
                        root.resolve("test_label").resolve(m));
            }
            case SMAP_MSL -> {
                root = main.getParent().getParent();
                Path labels = smapLabels(root);
                if (labels == null) {
                    throw new IOException(main + ": no " + SMAP_LABELS + " in " + root + " or its test folder");
                }
                members = List.of(root.resolve("train").resolve(main.getFileName()), main, labels);
            }
            case NAB -> {
                root = nabRoot(main);
                if (root == null) {
                    throw new IOException(main + ": no " + NAB_WINDOWS + " in any folder above it");
                }
                members = List.of(main, root.resolve(NAB_WINDOWS));
            }
            default -> {
                return hashOf(main);
            }
        }
        StringBuilder text = new StringBuilder();
        for (Path f : members) {
            text.append(root.relativize(f).toString().replace('\\', '/'))
                    .append('=')
                    .append(hashOf(f))
                    .append('\n');
        }
        return Hashing.sha256(text.toString());
    }

    private static String hashOf(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Missing file of a time series: " + file);
        }
        return Hashing.sha256(file);
    }
}
