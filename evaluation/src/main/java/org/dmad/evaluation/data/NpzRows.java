package org.dmad.evaluation.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.dmad.data.NpyReader;

/**
 * Streams the rows of an ADBench {@code .npz} archive (an {@code X} matrix and a {@code y} vector) from the zip,
 * both entries open at once, so that an archive of any size is scored in bounded memory. Only a C-order {@code X}
 * streams: its values come row by row. A Fortran-order {@code X} (as ADBench's own files are written) comes column by
 * column, so {@link #open} returns null for it and the caller reads the archive whole ({@link NpzData#load}). The
 * checks are {@link NpzData}'s: X has rank 2 and columns, y one 0/1 label per row; values must be finite.
 */
final class NpzRows implements RowStream {

    private final Path file;
    private final ZipFile zip;
    private final NpyReader.Values x;
    private final NpyReader.Values y;
    private final int columns;
    private final List<String> names;
    private double[] labels = new double[0];
    private long row;

    private NpzRows(Path file, ZipFile zip, NpyReader.Values x, NpyReader.Values y, int columns) {
        this.file = file;
        this.zip = zip;
        this.x = x;
        this.y = y;
        this.columns = columns;
        this.names = TabularData.genericNames(columns);
    }

    /**
     * Opens an archive for streaming.
     *
     * @param file the {@code .npz} file.
     * @return the stream, or null when X is stored in Fortran order (read the archive whole instead).
     * @throws IOException naming the file and the problem when it is not an ADBench-style archive.
     */
    static NpzRows open(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("No such file: " + file);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException(file + " is not a valid .npz (zip) archive: " + e.getMessage(), e);
        }
        NpyReader.Values x = null;
        NpyReader.Values y = null;
        try {
            ZipEntry xEntry = zip.getEntry("X.npy");
            ZipEntry yEntry = zip.getEntry("y.npy");
            if (xEntry == null || yEntry == null) {
                List<String> found = new ArrayList<>();
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.endsWith(".npy")) {
                        found.add(name.substring(0, name.length() - 4));
                    }
                }
                if (found.isEmpty()) {
                    throw new IOException(file + " contains no .npy entries");
                }
                throw new IOException(file + " needs entries X.npy and y.npy, found " + found);
            }
            x = values(file, zip, xEntry, "X");
            y = values(file, zip, yEntry, "y");
            long[] xs = x.shape();
            long[] ys = y.shape();
            if (xs.length != 2) {
                throw new IOException(file + ": X must be a 2-d matrix, found shape " + java.util.Arrays.toString(xs));
            }
            if (ys.length != 1 || ys[0] != xs[0]) {
                throw new IOException(file + ": y must be a vector with one label per row of X (" + xs[0]
                        + "), found shape " + java.util.Arrays.toString(ys));
            }
            if (xs[1] == 0) {
                throw new IOException(file + ": X has no columns");
            }
            if (x.fortranOrder() && xs[0] > 1 && xs[1] > 1) {
                x.close();
                y.close();
                zip.close();
                return null;
            }
            NpzRows rows = new NpzRows(file, zip, x, y, (int) xs[1]);
            zip = null;
            return rows;
        } catch (RuntimeException e) {
            // java.util.zip reports some malformed archives with unchecked exceptions.
            throw new IOException(file + " is not a valid .npz (zip) archive: " + e, e);
        } finally {
            if (zip != null) {
                zip.close();
            }
        }
    }

    /**
     * The rows of an archive's X from its header alone (no values read).
     *
     * @param file the {@code .npz} file.
     * @return the rows, or 0 when the archive cannot be read as an ADBench-style archive (loading it reports why).
     */
    static long rowCount(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("X.npy");
            if (entry == null) {
                return 0;
            }
            try (NpyReader.Values x = values(file, zip, entry, "X")) {
                long[] shape = x.shape();
                return shape.length == 0 ? 0 : Math.max(0, shape[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static NpyReader.Values values(Path file, ZipFile zip, ZipEntry entry, String name) throws IOException {
        try {
            return NpyReader.values(zip.getInputStream(entry), name, entry.getSize());
        } catch (ZipException e) {
            throw new IOException(file + " is not a valid .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(file + ", entry " + entry.getName() + ": " + e.getMessage(), e);
        }
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
        return true;
    }

    @Override
    public int read(double[] out, int[] outLabels, int from, int max) throws IOException {
        int d = columns;
        int n = (int) Math.min(max, y.count() - y.position());
        if (labels.length < n) {
            labels = new double[n];
        }
        fill(x, out, from * d, n * d);
        fill(y, labels, 0, n);
        for (int i = 0; i < n; i++) {
            long at = row + i;
            double v = labels[i];
            if (v != 0 && v != 1) {
                throw new IOException(
                        file + ": label " + v + " at row " + at + "; y must hold 0 (normal) or 1 (anomaly)");
            }
            outLabels[from + i] = (int) v;
            for (int j = 0; j < d; j++) {
                double value = out[(from + i) * d + j];
                if (!Double.isFinite(value)) {
                    throw new IOException(file + ": X at row " + at + ", column " + j + " is " + value
                            + "; every value must be finite");
                }
            }
        }
        row += n;
        return n;
    }

    private void fill(NpyReader.Values values, double[] out, int from, int count) throws IOException {
        try {
            int got = 0;
            while (got < count) {
                got += values.read(out, from + got, count - got);
            }
        } catch (ZipException e) {
            throw new IOException(file + " is not a valid .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(file + ", entry " + values.name() + ".npy: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            x.close();
            y.close();
        } finally {
            zip.close();
        }
    }
}
