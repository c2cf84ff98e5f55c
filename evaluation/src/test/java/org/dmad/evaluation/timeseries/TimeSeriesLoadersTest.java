package org.dmad.evaluation.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.data.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every format on small generated files: conventions, missing values, malformed input and fingerprints. */
class TimeSeriesLoadersTest {

    private static final TimeSeriesOptions OPTS = TimeSeriesOptions.defaults();

    @TempDir
    Path dir;

    private Path write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private static TimeSeries load(Path p) throws IOException {
        return TimeSeriesSources.load(p, OPTS);
    }

    private static void assertMessage(Path file, String part, Executable e) {
        IOException ex = assertThrows(IOException.class, e);
        assertTrue(ex.getMessage().contains(file.getFileName().toString()), "names the file: " + ex.getMessage());
        assertTrue(ex.getMessage().contains(part), "says '" + part + "': " + ex.getMessage());
    }

    @Test
    void genericCsvWithTimestampAndLabel() throws IOException {
        Path p = write(
                "m.csv",
                "timestamp,a,label,b\n2020-01-01 00:00:00,1,0,2\n2020-01-01 00:01:00,3,1,4\n"
                        + "2020-01-01T00:02:00,5,0,6\n");
        TimeSeries s = load(p);
        assertEquals(TimeSeriesFormat.CSV, TimeSeriesFormat.of(p));
        assertEquals("m", s.name());
        assertEquals(3, s.length());
        assertEquals(2, s.channels());
        assertEquals(List.of("a", "b"), s.channelNames());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, s.values());
        assertArrayEquals(new int[] {0, 1, 0}, s.labels());
        assertEquals(0, s.trainEnd());
        assertEquals(0, s.evalStart());
        assertEquals(4.0, s.value(1, 1));
        assertTrue(s.hasAnomalies());
        assertEquals(Hashing.sha256(p), s.record().sha256());
        assertEquals(p.toAbsolutePath().toString(), s.record().source());
        assertEquals(1, s.record().anomalies());
    }

    @Test
    void genericCsvWithoutTimestampOrLabelAndWithATrainingFraction() throws IOException {
        Path p = write("u.csv", "x\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
        TimeSeries s = TimeSeriesSources.load(p, OPTS.withTrainFraction(0.25));
        assertEquals(10, s.length());
        assertFalse(s.hasAnomalies());
        assertEquals(2, s.trainEnd());
        assertArrayEquals(new double[] {1, 2}, s.trainValues());
        assertEquals(10, s.evalValues().length);
        Path q = write("t.csv", "time,x,y\n1,1,1\n2,2,0\n");
        TimeSeries named = TimeSeriesSources.load(q, OPTS.withColumns("time", "y"));
        assertEquals(List.of("x"), named.channelNames());
        assertArrayEquals(new int[] {1, 0}, named.labels());
        Path r = write("r.csv", "timestamp,x\n2020-01-02,1\n2020-01-01,2\n2020-01-01,3\n");
        TimeSeries unordered = load(r);
        assertArrayEquals(new double[] {1, 2, 3}, unordered.values(), "rows stay in file order");
        assertFalse(unordered.hasAnomalies());
        TimeSeries unnamed = TimeSeriesSources.load(q, OPTS.withColumns(null, null));
        assertEquals(List.of("time", "x", "y"), unnamed.channelNames());
    }

    @Test
    void missingValuesAreRefusedByDefaultAndFilledOnRequest() throws IOException {
        Path p = write("g/holes.out", "1,0\n,0\n3,1\nNaN,0\n\n5,0\n".replace("\n\n", "\n"));
        IOException e = assertThrows(IOException.class, () -> load(p));
        assertTrue(
                e.getMessage().contains("holes.out")
                        && e.getMessage().contains("2 empty or NaN values")
                        && e.getMessage().contains("line 2")
                        && e.getMessage().contains("MissingValues.LINEAR"),
                e.getMessage());
        TimeSeries previous = TimeSeriesSources.load(p, OPTS.withMissing(MissingValues.PREVIOUS));
        assertArrayEquals(new double[] {1, 1, 3, 3, 5}, previous.values());
        assertTrue(
                previous.record().source().endsWith(";missing=previous"),
                previous.record().source());
        TimeSeries linear = TimeSeriesSources.load(p, OPTS.withMissing(MissingValues.LINEAR));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, linear.values());
        assertTrue(linear.record().source().endsWith(";missing=linear"));
        assertEquals(
                Hashing.sha256(p), TimeSeriesSources.fingerprint(linear.record().source()));
        Path edges = write("e.csv", "a,b\n,1\n2,\n,3\n");
        TimeSeries filled = TimeSeriesSources.load(edges, OPTS.withMissing(MissingValues.LINEAR));
        assertArrayEquals(new double[] {2, 1, 2, 2, 2, 3}, filled.values());
        Path empty = write("n.csv", "a,b\n,1\n,2\n");
        assertMessage(
                empty,
                "column 'a' has no values",
                () -> TimeSeriesSources.load(empty, OPTS.withMissing(MissingValues.PREVIOUS)));
        Path label = write("l.out", "1,0\n2,\n");
        assertMessage(
                label,
                "line 2: label ''",
                () -> TimeSeriesSources.load(label, OPTS.withMissing(MissingValues.PREVIOUS)));
    }

    @Test
    void malformedTextFilesNameTheFileAndProblem() throws IOException {
        Path ragged = write("r.csv", "a,b\n1,2\n3\n");
        assertMessage(ragged, "line 3: 1 fields, but the header has 2", () -> load(ragged));
        Path word = write("w.csv", "a,b\n1,2\n3,x\n");
        assertMessage(word, "line 3, column 'b': 'x' is not a number", () -> load(word));
        Path empty = write("empty.csv", "");
        assertMessage(empty, "is empty", () -> load(empty));
        Path emptyOut = write("x/empty.out", "");
        assertMessage(emptyOut, "no data rows", () -> load(emptyOut));
        Path headerOnly = write("h.csv", "a,label\n");
        assertMessage(headerOnly, "no data rows", () -> load(headerOnly));
        Path labels = write("x/two.out", "1,0\n2,2\n");
        assertMessage(labels, "line 2: label '2'", () -> load(labels));
        Path csvLabels = write("cl.csv", "a,label\n1,0.5\n");
        assertMessage(csvLabels, "label '0.5'", () -> load(csvLabels));
        Path wide = write("x/wide.out", "1,0\n2,0,3\n");
        assertMessage(wide, "line 2: 3 fields", () -> load(wide));
        Path inf = write("i.csv", "a\n1\nInfinity\n");
        assertMessage(inf, "not a finite number", () -> load(inf));
        Path blank = write("b.csv", "a\n1\n\n2\n");
        assertMessage(blank, "line 3: blank line", () -> load(blank));
        Path data = write("d.csv", "1,2\n3,4\n");
        assertMessage(data, "header row", () -> load(data));
        Path time = write("ts.csv", "timestamp,a\nyesterday,1\n");
        assertMessage(time, "'yesterday' is neither a date-time", () -> load(time));
        Path binary = dir.resolve("bin.csv");
        Files.write(binary, new byte[] {'a', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertMessage(binary, "UTF-8", () -> load(binary));
        Path tsb = write("TSB/001_X_tr_9_1st_1.csv", "a,Label\n1,0\n2,1\n");
        assertMessage(tsb, "tr_9", () -> load(tsb));
        assertMessage(dir.resolve("notes.md"), "Unsupported", () -> load(write("notes.md", "hi")));
    }

    @Test
    void ucrNameMustFitTheSeries() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            b.append("  ").append(i).append(".0e+00\n");
        }
        Path ok = write("001_UCR_Anomaly_toy_4_6_8.txt", b.toString());
        TimeSeries s = load(ok);
        assertEquals("ucr/001_UCR_Anomaly_toy_4_6_8", s.name());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 0, 0}, s.labels());
        assertEquals(4, s.trainEnd());
        Path oneLine = write("002_UCR_Anomaly_toy_2_3_4.txt", "1 2 3\n4  5\n");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, load(oneLine).values());
        Path late = write("003_UCR_Anomaly_toy_4_12_14.txt", b.toString());
        assertMessage(late, "anomaly [12, 14) in a series of 10 values", () -> load(late));
        Path early = write("004_UCR_Anomaly_toy_7_6_8.txt", b.toString());
        assertMessage(early, "training part [0, 7)", () -> load(early));
    }

    private Path nab(String windowsJson) throws IOException {
        write("nab/labels/combined_windows.json", windowsJson);
        write("nab/results/d/d_standard_scores.csv", "Detector,Score\nd,1\n");
        return write(
                "nab/data/cat/f.csv",
                "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n"
                        + "2020-01-01 00:10:00,3\n2020-01-01 00:15:00,4\n");
    }

    @Test
    void nabWindowsAreInclusiveAndAMissingEntryIsAnError() throws IOException {
        Path f = nab("{\"cat/f.csv\": [[\"2020-01-01 00:05:00.000000\", \"2020-01-01 00:10:00.000000\"]]}");
        assertEquals(TimeSeriesFormat.NAB, TimeSeriesFormat.of(f));
        TimeSeries s = load(f);
        assertEquals("nab/cat/f", s.name());
        assertArrayEquals(new int[] {0, 1, 1, 0}, s.labels());
        assertEquals(0, s.trainEnd());
        List<TimeSeriesSources.Source> found = TimeSeriesSources.sources(List.of(dir.resolve("nab")), OPTS);
        assertEquals(
                List.of("nab/cat/f"),
                found.stream().map(TimeSeriesSources.Source::name).toList(),
                "results/ is not read as series");
        nab("{\"cat/other.csv\": []}");
        assertMessage(f, "no entry \"cat/f.csv\"", () -> load(f));
    }

    @Test
    void smdAndSmapLayoutsJoinTrainAndTest() throws IOException {
        write("smd/train/m.txt", "1,2\n3,4\n");
        write("smd/test/m.txt", "5,6\n7,8\n9,10\n");
        Path labels = write("smd/test_label/m.txt", "0\n1\n0\n");
        write("smd/interpretation_label/m.txt", "2-2:1\n");
        TimeSeries s = load(dir.resolve("smd/test/m.txt"));
        assertEquals("smd/m", s.name());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, s.values());
        assertArrayEquals(new int[] {0, 0, 0, 1, 0}, s.labels());
        assertEquals(2, s.trainEnd());
        assertEquals(2, s.evalStart());
        assertArrayEquals(new int[] {0, 1, 0}, s.evalLabels());
        assertEquals(
                1, TimeSeriesSources.sources(List.of(dir.resolve("smd")), OPTS).size());
        Files.writeString(labels, "0\n1\n");
        assertMessage(labels, "2 labels for the 3 rows", () -> load(dir.resolve("smd/test/m.txt")));

        write(
                "sm/labeled_anomalies.csv",
                "chan_id,spacecraft,anomaly_sequences,class,num_values\n" + "X-1,SMAP,\"[[1, 2]]\",[point],4\n");
        Files.createDirectories(dir.resolve("sm/train"));
        Files.createDirectories(dir.resolve("sm/test"));
        Files.write(dir.resolve("sm/train/X-1.npy"), npy(2, 2, 0));
        Files.write(dir.resolve("sm/test/X-1.npy"), npy(4, 2, 10));
        TimeSeries m = load(dir.resolve("sm/test/X-1.npy"));
        assertEquals("smap_msl/X-1", m.name());
        assertEquals(6, m.length());
        assertEquals(List.of("telemetry", "command1"), m.channelNames());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 0}, m.labels());
        assertEquals(10.0, m.value(2, 0));
        Files.write(dir.resolve("sm/test/Y-1.npy"), npy(4, 2, 10));
        Files.write(dir.resolve("sm/train/Y-1.npy"), npy(4, 2, 10));
        assertMessage(
                dir.resolve("sm/labeled_anomalies.csv"),
                "no row for channel Y-1",
                () -> load(dir.resolve("sm/test/Y-1.npy")));
    }

    static byte[] npy(int rows, int cols, double first) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + rows * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < rows * cols; i++) {
            b.putDouble(first + i);
        }
        return b.array();
    }

    @Test
    void fingerprintChangesWhenAnyMemberFileChanges() throws IOException {
        Path f = nab("{\"cat/f.csv\": []}");
        TimeSeries s = load(f);
        assertEquals(
                s.record().sha256(), TimeSeriesSources.fingerprint(s.record().source()));
        write("nab/labels/combined_windows.json", "{\"cat/f.csv\": [] }");
        assertNotEquals(
                s.record().sha256(), TimeSeriesSources.fingerprint(s.record().source()));

        write("smd/train/m.txt", "1,2\n3,4\n");
        write("smd/test/m.txt", "5,6\n7,8\n");
        Path labels = write("smd/test_label/m.txt", "0\n1\n");
        TimeSeries smd = load(labels);
        assertEquals(
                smd.record().sha256(),
                TimeSeriesSources.fingerprint(smd.record().source()));
        byte[] bytes = Files.readAllBytes(dir.resolve("smd/train/m.txt"));
        bytes[0] = '2';
        Files.write(dir.resolve("smd/train/m.txt"), bytes);
        assertNotEquals(
                smd.record().sha256(),
                TimeSeriesSources.fingerprint(smd.record().source()));

        Path out = write("u/a.out", "1,0\n2,1\n");
        TimeSeries single = load(out);
        write("u/a.out", "1,0\n3,1\n");
        assertNotEquals(
                single.record().sha256(),
                TimeSeriesSources.fingerprint(single.record().source()));
    }

    @Test
    void discoveryRejectsEmptyFoldersAndNameClashes() throws IOException {
        Files.createDirectories(dir.resolve("none"));
        write("none/README.md", "nothing here");
        IOException e =
                assertThrows(IOException.class, () -> TimeSeriesSources.sources(List.of(dir.resolve("none")), OPTS));
        assertTrue(e.getMessage().contains("No time series in"), e.getMessage());
        write("a/s.csv", "x\n1\n");
        write("b/s.csv", "x\n2\n");
        e = assertThrows(
                IOException.class, () -> TimeSeriesSources.sources(List.of(dir.resolve("a"), dir.resolve("b")), OPTS));
        assertTrue(e.getMessage().contains("Two series would be named 's'"), e.getMessage());
        assertThrows(IOException.class, () -> TimeSeriesSources.sources(List.of(dir.resolve("missing")), OPTS));
    }

    @Test
    void theRecordValidatesItsShape() {
        org.dmad.evaluation.data.DatasetRecord r = new org.dmad.evaluation.data.DatasetRecord("s", "x", "h", 2, 1, 0);
        List<String> one = List.of("v");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new TimeSeries("s", new double[] {1, 2}, 2, 1, new int[] {0, 2}, 0, 0, one, r));
        assertTrue(e.getMessage().contains("'s'") && e.getMessage().contains("label 2"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new TimeSeries("s", new double[] {1, Double.NaN}, 2, 1, new int[2], 0, 0, one, r));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TimeSeries("s", new double[] {1, 2}, 2, 1, new int[2], 3, 0, one, r));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TimeSeries("s", new double[] {1, 2}, 2, 1, new int[2], 0, 2, one, r));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TimeSeries("s", new double[] {1, 2, 3}, 2, 1, new int[2], 0, 0, one, r));
        TimeSeries ok =
                new TimeSeries("s", new double[] {1, 2, 3, 4}, 2, 2, new int[] {0, 1}, 1, 1, List.of("a", "b"), r);
        assertArrayEquals(new double[] {1, 2}, ok.trainValues());
        assertArrayEquals(new double[] {3, 4}, ok.evalValues());
        assertArrayEquals(new int[] {1}, ok.evalLabels());
        assertThrows(IndexOutOfBoundsException.class, () -> ok.value(0, 2));
    }
}
