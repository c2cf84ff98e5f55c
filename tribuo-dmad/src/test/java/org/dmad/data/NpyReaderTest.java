package org.dmad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dmad.testing.Npz;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {

    /** Builds .npy bytes the way numpy writes version 1.0 files. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] payload) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shape + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(payload);
        return b.array();
    }

    static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(order);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    static NpyArray read(byte[] bytes) throws IOException {
        return NpyReader.read(new ByteArrayInputStream(bytes), "a", bytes.length);
    }

    @Test
    void readsCAndFortranOrderIntoRowMajor() throws IOException {
        // [[1, 2, 3], [4, 5, 6]]
        NpyArray c = read(npy("<f8", false, "2, 3", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6)));
        NpyArray f = read(npy("<f8", true, "2, 3", doubles(ByteOrder.LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6)));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, c.values());
        assertArrayEquals(c.values(), f.values());
        assertArrayEquals(new long[] {2, 3}, f.shape());
    }

    @Test
    void readsEveryIntegerAndFloatDtype() throws IOException {
        assertArrayEquals(
                new double[] {-1, 2},
                read(npy("|i1", false, "2,", new byte[] {-1, 2})).values());
        assertArrayEquals(
                new double[] {255, 2},
                read(npy("|u1", false, "2,", new byte[] {-1, 2})).values());
        ByteBuffer s = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) -300)
                .putShort((short) 7);
        assertArrayEquals(
                new double[] {-300, 7}, read(npy("<i2", false, "2,", s.array())).values());
        ByteBuffer i =
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(0);
        assertArrayEquals(
                new double[] {1, 0}, read(npy("<i4", false, "2,", i.array())).values());
        ByteBuffer l = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(-5)
                .putLong(1L << 40);
        assertArrayEquals(
                new double[] {-5, 1L << 40},
                read(npy("<i8", false, "2,", l.array())).values());
        ByteBuffer fl = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1.5f)
                .putFloat(-2f);
        assertArrayEquals(
                new double[] {1.5, -2},
                read(npy("<f4", false, "2,", fl.array())).values());
        assertArrayEquals(
                new double[] {3.25},
                read(npy(">f8", false, "1,", doubles(ByteOrder.BIG_ENDIAN, 3.25)))
                        .values());
        assertArrayEquals(
                new double[] {1, 0},
                read(npy("|b1", false, "2,", new byte[] {1, 0})).values());
    }

    @Test
    void malformedArraysFailWithTheProblemNamed() {
        byte[] good = npy("<f8", false, "2, 3", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6));
        assertMessage("truncated", () -> read(Arrays.copyOf(good, good.length - 5)));
        assertMessage(
                "truncated",
                () -> NpyReader.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 5)), "a", -1));
        byte[] bad = good.clone();
        bad[1] = 'X';
        assertMessage("magic", () -> read(bad));
        assertMessage("dtype", () -> read(npy("<U5", false, "1,", new byte[20])));
        assertMessage("dtype", () -> read(npy("<c16", false, "1,", new byte[16])));
        assertMessage("exceeds", () -> read(npy("<f8", false, "100000, 100000", new byte[8])));
        assertMessage("needs", () -> read(npy("<f8", false, "1000, 1000", new byte[8])));
        assertMessage("shape", () -> read(npy("<f8", false, "a, b", new byte[8])));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IOException ex = assertThrows(IOException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }

    @Test
    void readsStoredAndDeflatedArchives(@TempDir Path dir) throws IOException {
        byte[] x = npy("<f8", true, "2, 2", doubles(ByteOrder.LITTLE_ENDIAN, 1, 3, 2, 4));
        byte[] y = npy(
                "<i8",
                false,
                "2,",
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(0)
                        .putLong(1)
                        .array());
        for (int method : new int[] {ZipEntry.STORED, ZipEntry.DEFLATED}) {
            Path file = dir.resolve("m" + method + ".npz");
            try (OutputStream out = Files.newOutputStream(file);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                put(zip, "X.npy", x, method);
                put(zip, "y.npy", y, method);
            }
            Map<String, NpyArray> arrays = NpyReader.readNpz(file);
            assertEquals(java.util.List.of("X", "y"), java.util.List.copyOf(arrays.keySet()));
            assertArrayEquals(new double[] {1, 2, 3, 4}, arrays.get("X").values());
            assertArrayEquals(new double[] {0, 1}, arrays.get("y").values());
        }
        Path notZip = dir.resolve("bad.npz");
        Files.write(notZip, new byte[] {1, 2, 3});
        assertMessage("bad.npz", () -> NpyReader.readNpz(notZip));
    }

    private static void put(ZipOutputStream zip, String name, byte[] data, int method) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(method);
        if (method == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    @Test
    void readsEverySharedADBenchFile() throws IOException {
        Path dir = Npz.sharedDir().resolve("datasets/adbench/classical");
        Assumptions.assumeTrue(Files.isDirectory(dir), "Skipped: " + dir + " is absent");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".npz")).sorted().toList()) {
                if (Files.size(f) > 20_000_000) {
                    continue;
                }
                Map<String, NpyArray> a = NpyReader.readNpz(f);
                NpyArray x = a.get("X");
                NpyArray y = a.get("y");
                assertEquals(2, x.rank(), f.toString());
                assertEquals(x.dim(0), y.dim(0), f.toString());
                for (double v : y.values()) {
                    assertTrue(v == 0 || v == 1, f + " label " + v);
                }
            }
        }
    }
}
