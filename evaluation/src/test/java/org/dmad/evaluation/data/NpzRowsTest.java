package org.dmad.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming an .npz archive's rows gives what reading it whole gives. */
class NpzRowsTest {

    @TempDir
    Path dir;

    private static byte[] npy(String descr, boolean fortran, String shape, byte[] payload) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shape + "), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(payload);
        return b.array();
    }

    /** X as f4 or f8 (row-major values given; written in the requested order), y as i8 (or f8 when asked). */
    private Path write(String name, double[] x, int n, int d, int[] y, boolean f4, boolean fortran, boolean deflate)
            throws IOException {
        ByteBuffer xb = ByteBuffer.allocate(n * d * (f4 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < n * d; k++) {
            int i = fortran ? k % n : k / d;
            int j = fortran ? k / n : k % d;
            if (f4) {
                xb.putFloat((float) x[i * d + j]);
            } else {
                xb.putDouble(x[i * d + j]);
            }
        }
        ByteBuffer yb = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : y) {
            yb.putLong(v);
        }
        Path p = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(p);
                ZipOutputStream zip = new ZipOutputStream(o)) {
            zip.setLevel(deflate ? 6 : 0);
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(npy("<i8", false, n + ",", yb.array()));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("X.npy"));
            zip.write(npy(f4 ? "<f4" : "<f8", fortran, n + ", " + d, xb.array()));
            zip.closeEntry();
        }
        return p;
    }

    private static TabularData streamed(Path p, int chunk) throws IOException {
        try (RowStream rows = Datasets.open(p, null, false)) {
            int d = rows.featureNames().size();
            double[] x = new double[chunk * d];
            int[] y = new int[chunk];
            int n = 0;
            while (true) {
                if (y.length < n + chunk) {
                    x = java.util.Arrays.copyOf(x, 2 * (n + chunk) * d);
                    y = java.util.Arrays.copyOf(y, 2 * (n + chunk));
                }
                int got = rows.read(x, y, n, chunk);
                if (got == 0) {
                    break;
                }
                n += got;
            }
            return new TabularData(
                    java.util.Arrays.copyOf(x, n * d),
                    java.util.Arrays.copyOf(y, n),
                    rows.featureNames(),
                    new DatasetRecord("s", p.toString(), "", n, d, 0));
        }
    }

    @Test
    void streamedRowsEqualTheWholeFileReadersRows() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        int n = 20_011;
        int d = 7;
        double[] x = new double[n * d];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-5, 6));
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(13) == 0 ? 1 : 0;
        }
        for (boolean f4 : new boolean[] {false, true}) {
            for (boolean deflate : new boolean[] {false, true}) {
                Path p = write("c" + f4 + deflate + ".npz", x, n, d, y, f4, false, deflate);
                assertNotNull(NpzRows.open(p), "a C-order X streams");
                TabularData whole = NpzData.load(p);
                for (int chunk : new int[] {1, 777, 8192, 50_000}) {
                    TabularData s = streamed(p, chunk);
                    assertArrayEquals(whole.x(), s.x(), p + " in chunks of " + chunk);
                    assertArrayEquals(whole.y(), s.y(), p + " in chunks of " + chunk);
                    assertEquals(whole.featureNames(), s.featureNames());
                }
                if (!f4) {
                    assertArrayEquals(x, whole.x());
                }
            }
        }
    }

    @Test
    void aFortranOrderArchiveIsReadWholeWithTheSameRows() throws IOException {
        double[] x = {1, 2, 3, 4, 5, 6};
        Path c = write("c.npz", x, 3, 2, new int[] {0, 1, 0}, false, false, true);
        Path f = write("f.npz", x, 3, 2, new int[] {0, 1, 0}, false, true, true);
        assertNull(NpzRows.open(f));
        assertArrayEquals(x, streamed(f, 2).x());
        assertArrayEquals(streamed(c, 2).x(), streamed(f, 2).x());
        assertArrayEquals(new int[] {0, 1, 0}, streamed(f, 2).y());
    }

    @Test
    void badArchivesFailNamingTheProblem() throws IOException {
        Path label = write("label.npz", new double[] {1, 2, 3, 4}, 2, 2, new int[] {0, 2}, false, false, true);
        assertMessage("label 2.0 at row 1", label);
        Path nan = write("nan.npz", new double[] {1, 2, Double.NaN, 4}, 2, 2, new int[] {0, 1}, false, false, true);
        assertMessage("X at row 1, column 0 is NaN", nan);
        Path noY = dir.resolve("noy.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noY))) {
            zip.putNextEntry(new ZipEntry("X.npy"));
            zip.write(npy("<f8", false, "1, 1", new byte[8]));
            zip.closeEntry();
        }
        assertMessage("needs entries X.npy and y.npy, found [X]", noY);
        Path notZip = dir.resolve("text.npz");
        Files.writeString(notZip, "not a zip");
        assertMessage("is not a valid .npz (zip) archive", notZip);
    }

    private static void assertMessage(String expected, Path p) {
        IOException e = assertThrows(IOException.class, () -> streamed(p, 8192));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }
}
