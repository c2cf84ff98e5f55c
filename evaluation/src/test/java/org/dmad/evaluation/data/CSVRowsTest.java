package org.dmad.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte-level CSV reader: line endings, byte-order mark, quotes, the last line, numbers and errors. */
class CSVRowsTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static TabularData load(Path p) throws IOException {
        return CSVData.load(p, "label");
    }

    @Test
    void lineEndingsByteOrderMarkAndALastLineWithoutNewlineReadAlike() throws IOException {
        String lf = "a,b,label\n1.5,-2,0\n\n3e2,+4.25,1\n0.125, 7 ,anomaly\n";
        TabularData want = load(write("lf.csv", lf));
        assertArrayEquals(new double[] {1.5, -2, 300, 4.25, 0.125, 7}, want.x());
        assertArrayEquals(new int[] {0, 1, 1}, want.y());
        assertEquals(List.of("a", "b"), want.featureNames());
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] lfBytes = lf.getBytes(StandardCharsets.US_ASCII);
        byte[] withBom = new byte[bom.length + lfBytes.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(lfBytes, 0, withBom, bom.length, lfBytes.length);
        for (Path p : List.of(
                write("crlf.csv", lf.replace("\n", "\r\n")),
                write("cr.csv", lf.replace("\n", "\r")),
                write("last.csv", lf.substring(0, lf.length() - 1)),
                write("lastcr.csv", lf.replace("\n", "\r\n").substring(0, lf.length() + 3)),
                write("bom.csv", withBom))) {
            TabularData t = load(p);
            assertArrayEquals(want.x(), t.x(), p.toString());
            assertArrayEquals(want.y(), t.y(), p.toString());
            assertEquals(want.featureNames(), t.featureNames(), p.toString());
        }
    }

    @Test
    void quotedFieldsAndTextOutsideAsciiGoTheStringWay() throws IOException {
        TabularData t = load(
                write("q.csv", "\"x, the first\",\"né\",label\n\"1.5\",2,\"0\"\n3,\"4\n\",1\n  5 ,6,\tyes \n7,8,0\n"));
        assertEquals(List.of("x, the first", "né"), t.featureNames());
        assertArrayEquals(new double[] {1.5, 2, 3, 4, 5, 6, 7, 8}, t.x());
        assertArrayEquals(new int[] {0, 1, 1, 0}, t.y());
    }

    @Test
    void errorsNameTheFileTheLineAndTheColumn() throws IOException {
        assertMessage(
                "crlf.csv, line 3, column 'b': '1x' is not a number", "crlf.csv", "a,b,label\r\n1,2,0\r\n3,1x,1\r\n");
        assertMessage("n.csv, line 2, column 'a': '--1' is not a number", "n.csv", "a,b,label\n--1,2,0\n");
        assertMessage("e.csv, line 4, column 'b': empty cell", "e.csv", "a,b,label\n1,2,0\n\n1, ,1\n");
        assertMessage("f.csv, line 3: 4 fields, but the header has 3", "f.csv", "a,b,label\n1,2,0\n1,2,3,4\n");
        assertMessage("g.csv, line 2: 2 fields, but the header has 3", "g.csv", "a,b,label\n1,2\n");
        assertMessage("h.csv, line 2: label '2' is neither", "h.csv", "a,b,label\n1,2,2\n");
        assertMessage("i.csv, line 2, column 'a': Infinity is not a finite number", "i.csv", "a,b,label\nInfinity,2,0");
        assertMessage(
                "j.csv: malformed CSV at line 2: a quoted field is not closed", "j.csv", "a,b,label\n\"1,2,0\n3,4,1\n");
        Path latin1 = write("l.csv", "a,b,label\n1,2,0\n1,\u00e9,0\n".getBytes(StandardCharsets.ISO_8859_1));
        IOException e = assertThrows(IOException.class, () -> load(latin1));
        assertTrue(e.getMessage().contains("l.csv is not UTF-8 text (line 3"), e.getMessage());
    }

    private void assertMessage(String expected, String name, String text) throws IOException {
        Path p = write(name, text);
        IOException e = assertThrows(IOException.class, () -> load(p));
        assertTrue(e.getMessage().contains(p.getParent() + "/" + expected), e.getMessage());
    }

    @Test
    void numbersParseAsParseDoubleAcrossBufferBoundariesAndLongLines() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        int rows = 30_000;
        int cols = 3;
        StringBuilder b = new StringBuilder("a,b,c,label\n");
        double[] want = new double[rows * cols];
        String[] eol = {"\n", "\r\n", "\r"};
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-8, 9));
                String cell = switch (r.nextInt(6)) {
                    case 0 -> String.format(Locale.ROOT, "%.6f", v);
                    case 1 -> Double.toString(v);
                    case 2 -> String.format(Locale.ROOT, "%.3e", v);
                    case 3 -> " " + String.format(Locale.ROOT, "%.17f", v) + "\t";
                    case 4 -> Long.toString((long) (v * 1e6));
                    default -> String.format(Locale.ROOT, "%+.2f", v);
                };
                want[i * cols + j] = Double.parseDouble(cell.trim());
                b.append(cell).append(',');
            }
            if (i == rows / 2) {
                // A line longer than the 64 KiB read buffer: trailing blanks in the label cell.
                b.append("1").append(" ".repeat(200_000));
            } else {
                b.append(i % 3 == 0 ? "1" : "0");
            }
            b.append(eol[r.nextInt(3)]);
        }
        TabularData t = load(write("many.csv", b.toString()));
        assertEquals(rows, t.rows());
        assertArrayEquals(want, t.x());
        assertEquals(1, t.y()[rows / 2]);
        assertEquals(1, t.y()[3]);
        assertEquals(0, t.y()[4]);
    }
}
