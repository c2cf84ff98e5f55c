package org.dmad.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dmad.evaluation.timeseries.MissingValues;
import org.dmad.evaluation.timeseries.TimeSeriesOptions;
import org.dmad.evaluation.timeseries.TimeSeriesSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds every loader (the tabular ones, and the TSB-UAD and generic-CSV time-series loaders) randomly damaged files
 * (truncated, bytes overwritten, garbage inserted) and requires a clean outcome every time: either a valid dataset
 * or an IOException whose message names the file. Any other exception (a NullPointerException, an index error, an
 * OutOfMemoryError from a lying size field) fails the test.
 */
class MalformedFilesTest {

    private static final int CASES = 150;

    static byte[] npy(String descr, String shape, byte[] payload) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(payload);
        return b.array();
    }

    static byte[] validNpz(boolean deflate) throws IOException {
        int n = 40;
        int d = 3;
        ByteBuffer x = ByteBuffer.allocate(n * d * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer y = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x.putDouble(i + 0.1 * j);
            }
            y.putLong(i % 10 == 0 ? 1 : 0);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(deflate ? ZipOutputStream.DEFLATED : ZipOutputStream.DEFLATED);
            zip.putNextEntry(new ZipEntry("X.npy"));
            zip.write(npy("<f8", n + ", " + d, x.array()));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(npy("<i8", n + ",", y.array()));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] validCsv() {
        StringBuilder b = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) {
            b.append(i)
                    .append(',')
                    .append(i * 0.5)
                    .append(',')
                    .append(i % 10 == 0 ? 1 : 0)
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] validArff() {
        StringBuilder b = new StringBuilder("@relation r\n@attribute a numeric\n@attribute b numeric\n"
                + "@attribute class {normal,outlier}\n@data\n");
        for (int i = 0; i < 40; i++) {
            b.append(i)
                    .append(',')
                    .append(i * 0.5)
                    .append(',')
                    .append(i % 10 == 0 ? "outlier" : "normal")
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] damage(byte[] good, Random r) {
        byte[] out;
        switch (r.nextInt(4)) {
            case 0 -> out = java.util.Arrays.copyOf(good, r.nextInt(good.length));
            case 1 -> {
                out = good.clone();
                int flips = 1 + r.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> {
                int at = r.nextInt(good.length);
                byte[] junk = new byte[1 + r.nextInt(64)];
                r.nextBytes(junk);
                out = new byte[good.length + junk.length];
                System.arraycopy(good, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(good, at, out, at + junk.length, good.length - at);
            }
            default -> {
                out = good.clone();
                // Overwrite a run of bytes with digits or separators, which keeps text files plausible.
                int at = r.nextInt(out.length);
                for (int i = at; i < Math.min(out.length, at + 1 + r.nextInt(12)); i++) {
                    String chars = ",.9e-\n?'\"x";
                    out[i] = (byte) chars.charAt(r.nextInt(chars.length()));
                }
            }
        }
        return out;
    }

    /** A loader under test: returns a non-null result or throws. */
    private interface Loader {
        Object load(Path file) throws IOException;
    }

    private void fuzz(Path dir, String name, byte[] good, long seed) throws IOException {
        fuzz(dir, name, good, seed, file -> Datasets.load(file, "label"));
    }

    private void fuzz(Path dir, String name, byte[] good, long seed, Loader loader) throws IOException {
        Random r = new Random(seed);
        Path file = dir.resolve(name);
        int valid = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] bad = damage(good, r);
            Files.write(file, bad);
            try {
                assertNotNull(loader.load(file));
                valid++;
            } catch (IOException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains(name), "case " + i + ": " + e);
            } catch (Throwable t) {
                fail("case " + i + " of " + name + ": " + t, t);
            }
        }
        assertTrue(valid < CASES, "damage must make some files invalid");
    }

    static byte[] validTimeSeriesOut() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            b.append(Math.sin(i * 0.3))
                    .append(',')
                    .append(i >= 40 && i < 45 ? 1 : 0)
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] validTimeSeriesCsv() {
        StringBuilder b = new StringBuilder("timestamp,a,b,label\n");
        for (int i = 0; i < 60; i++) {
            b.append(String.format(java.util.Locale.ROOT, "2020-01-01 %02d:%02d:00", i / 60, i % 60))
                    .append(',')
                    .append(i * 0.5)
                    .append(',')
                    .append(Math.cos(i))
                    .append(',')
                    .append(i % 20 == 0 ? 1 : 0)
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(60)
    void damagedTsbUadFilesFailCleanly(@TempDir Path dir) throws IOException {
        fuzz(dir, "x.out", validTimeSeriesOut(), 4, file -> TimeSeriesSources.load(file, TimeSeriesOptions.defaults()));
        fuzz(
                dir,
                "y.out",
                validTimeSeriesOut(),
                5,
                file -> TimeSeriesSources.load(
                        file, TimeSeriesOptions.defaults().withMissing(MissingValues.LINEAR)));
    }

    @Test
    @Timeout(60)
    void damagedTimeSeriesCsvFilesFailCleanly(@TempDir Path dir) throws IOException {
        fuzz(dir, "x.csv", validTimeSeriesCsv(), 6, file -> TimeSeriesSources.load(file, TimeSeriesOptions.defaults()));
        fuzz(
                dir,
                "y.csv",
                validTimeSeriesCsv(),
                7,
                file -> TimeSeriesSources.load(
                        file, TimeSeriesOptions.defaults().withMissing(MissingValues.PREVIOUS)));
    }

    @Test
    void damagedNpzFilesFailCleanly(@TempDir Path dir) throws IOException {
        fuzz(dir, "x.npz", validNpz(true), 1);
    }

    @Test
    void damagedCsvFilesFailCleanly(@TempDir Path dir) throws IOException {
        fuzz(dir, "x.csv", validCsv(), 2);
    }

    @Test
    void damagedArffFilesFailCleanly(@TempDir Path dir) throws IOException {
        fuzz(dir, "x.arff", validArff(), 3);
    }
}
