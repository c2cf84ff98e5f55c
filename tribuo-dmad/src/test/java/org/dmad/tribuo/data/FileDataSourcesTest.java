package org.dmad.tribuo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dmad.provenance.ProvenanceJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/** The NPZ and labelled-CSV data sources: names, labels, values, refusals, OLCUT configuration, provenance. */
class FileDataSourcesTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static List<Event.EventType> types(DataSource<Event> source) {
        List<Event.EventType> out = new ArrayList<>();
        source.forEach(e -> out.add(e.getOutput().getType()));
        return out;
    }

    private static List<String> featureNames(Example<Event> e) {
        List<String> out = new ArrayList<>();
        for (Feature f : e) {
            out.add(f.getName() + "=" + f.getValue());
        }
        return out;
    }

    @Test
    void csvColumnsBecomeNamedFeaturesAndLabelWordsBecomeEvents() throws IOException {
        Path file = write(
                "machines.csv",
                "\uFEFFcpu, latency ,label,\"mem\"\n1.5,2,0,3\n4,5,anomaly,\"6\"\n" + "7,8,Outlier,9\n0,1,normal,2\n");
        LabelledCSVDataSource source = new LabelledCSVDataSource(file);
        assertEquals(List.of("cpu", "latency", "mem"), source.getFeatureNames());
        assertEquals(4, source.size());
        assertEquals(2, source.getAnomalyCount());
        assertEquals("machines", source.getName());
        assertEquals(
                List.of(
                        Event.EventType.EXPECTED,
                        Event.EventType.ANOMALOUS,
                        Event.EventType.ANOMALOUS,
                        Event.EventType.EXPECTED),
                types(source));
        Example<Event> first = source.iterator().next();
        assertEquals(List.of("cpu=1.5", "latency=2.0", "mem=3.0"), featureNames(first));
        MutableDataset<Event> dataset = new MutableDataset<>(source);
        assertEquals(3, dataset.getFeatureIDMap().size());
        assertEquals(
                source.getProvenance(),
                ((org.tribuo.provenance.DatasetProvenance) dataset.getProvenance()).getSourceProvenance());
    }

    @Test
    void csvWithoutALabelColumnIsUnlabelled() throws IOException {
        Path file = write("u.csv", "a,,c\n1,2,3\n4,5,6\n");
        LabelledCSVDataSource source = new LabelledCSVDataSource(file, "");
        assertEquals(List.of("a", "column1", "c"), source.getFeatureNames());
        assertEquals(List.of(Event.EventType.UNKNOWN, Event.EventType.UNKNOWN), types(source));
        LabelledCSVDataSource other = new LabelledCSVDataSource(write("y.csv", "a,y\n1,yes\n2,0\n"), "y");
        assertEquals(List.of("a"), other.getFeatureNames());
        assertEquals(1, other.getAnomalyCount());
    }

    @Test
    void badCsvIsRefusedNamingTheFileLineAndColumn() throws IOException {
        assertRefused("has no label column 'label'", () -> new LabelledCSVDataSource(write("a.csv", "a,b\n1,2\n")));
        assertRefused(
                "line 3: 1 fields, but the header has 2",
                () -> new LabelledCSVDataSource(write("b.csv", "a,label\n1,0\n2\n")));
        assertRefused(
                "line 2, column 'a': empty cell", () -> new LabelledCSVDataSource(write("c.csv", "a,label\n,0\n")));
        assertRefused(
                "column 'a': 'x' is not a number", () -> new LabelledCSVDataSource(write("d.csv", "a,label\nx,0\n")));
        assertRefused(
                "Infinity is not a finite number",
                () -> new LabelledCSVDataSource(write("e.csv", "a,label\nInfinity,0\n")));
        assertRefused(
                "label 'maybe' is neither", () -> new LabelledCSVDataSource(write("f.csv", "a,label\n1,maybe\n")));
        assertRefused("looks like data", () -> new LabelledCSVDataSource(write("g.csv", "1,label\n1,0\n")));
        assertRefused(
                "names the feature 'a' twice", () -> new LabelledCSVDataSource(write("h.csv", "a,a,label\n1,2,0\n")));
        assertRefused("two label columns", () -> new LabelledCSVDataSource(write("i.csv", "label,a,label\n1,2,0\n")));
        assertRefused("no data rows", () -> new LabelledCSVDataSource(write("j.csv", "a,label\n")));
        assertRefused("no feature columns", () -> new LabelledCSVDataSource(write("k.csv", "label\n1\n")));
        assertRefused("is empty", () -> new LabelledCSVDataSource(write("l.csv", "")));
    }

    private static void assertRefused(String part, Executable e) {
        IOException ex = assertThrows(IOException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }

    /** Writes an ADBench-style archive: X as float64 (rows x columns), y as int64. */
    static void writeNpz(Path file, double[] x, int columns, long[] y) throws IOException {
        ByteBuffer xb = ByteBuffer.allocate(x.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : x) {
            xb.putDouble(v);
        }
        ByteBuffer yb = ByteBuffer.allocate(y.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : y) {
            yb.putLong(v);
        }
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("X.npy"));
            zip.write(npy("<f8", (x.length / columns) + ", " + columns, xb.array()));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(npy("<i8", y.length + ",", yb.array()));
            zip.closeEntry();
        }
    }

    private static byte[] npy(String descr, String shape, byte[] payload) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(payload);
        return b.array();
    }

    @Test
    void npzRowsBecomeZeroPaddedFeaturesWithTheirLabels() throws IOException {
        Path file = dir.resolve("12_toy.npz");
        writeNpz(file, new double[] {1, 2, 3, 4, 5, 6}, 2, new long[] {0, 1, 0});
        NpzDataSource source = new NpzDataSource(file);
        assertEquals(List.of("f000", "f001"), source.getFeatureNames());
        assertEquals("12_toy", source.getName());
        assertEquals(1, source.getAnomalyCount());
        assertEquals(
                List.of(Event.EventType.EXPECTED, Event.EventType.ANOMALOUS, Event.EventType.EXPECTED), types(source));
        List<Example<Event>> rows = new ArrayList<>();
        source.forEach(rows::add);
        assertEquals(List.of("f000=3.0", "f001=4.0"), featureNames(rows.get(1)));
        assertEquals(
                List.of("f000", "f999"),
                List.of(
                        NpzDataSource.featureNames(1000).get(0),
                        NpzDataSource.featureNames(1000).get(999)));
        assertEquals(
                List.of("f0000", "f1000"),
                List.of(
                        NpzDataSource.featureNames(1001).get(0),
                        NpzDataSource.featureNames(1001).get(1000)));
    }

    @Test
    void badNpzIsRefusedNamingTheProblem() throws IOException {
        Path labels = dir.resolve("labels.npz");
        writeNpz(labels, new double[] {1, 2, 3, 4}, 2, new long[] {0, 2});
        assertRefused("label 2.0 at row 1", () -> new NpzDataSource(labels));
        Path nan = dir.resolve("nan.npz");
        writeNpz(nan, new double[] {1, Double.NaN, 3, 4}, 2, new long[] {0, 1});
        assertRefused("row 0, feature 'f001' is NaN", () -> new NpzDataSource(nan));
        Path rows = dir.resolve("rows.npz");
        writeNpz(rows, new double[] {1, 2, 3, 4}, 2, new long[] {0, 1, 0});
        assertRefused("one label per row of X (2)", () -> new NpzDataSource(rows));
        assertRefused("", () -> new NpzDataSource(write("text.npz", "not a zip")));
    }

    @Test
    void sourcesAreConfigurableAndRebuiltFromTheirProvenance() throws IOException {
        Path csv = write("c.csv", "a,b,outcome\n1,2,0\n3,4,1\n");
        Path npz = dir.resolve("n.npz");
        writeNpz(npz, new double[] {1, 2, 3, 4}, 2, new long[] {1, 0});
        Path config = write(
                "config.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                        + "  <component name=\"csv\" type=\"org.dmad.tribuo.data.LabelledCSVDataSource\">\n"
                        + "    <property name=\"dataPath\" value=\"" + csv + "\"/>\n"
                        + "    <property name=\"labelColumn\" value=\"outcome\"/>\n  </component>\n"
                        + "  <component name=\"npz\" type=\"org.dmad.tribuo.data.NpzDataSource\">\n"
                        + "    <property name=\"dataPath\" value=\"" + npz + "\"/>\n  </component>\n</config>\n");
        ConfigurationManager cm = new ConfigurationManager(config.toString());
        LabelledCSVDataSource fromXml = (LabelledCSVDataSource) cm.lookup("csv");
        assertEquals(List.of("a", "b"), fromXml.getFeatureNames());
        assertEquals(1, fromXml.getAnomalyCount());
        NpzDataSource npzFromXml = (NpzDataSource) cm.lookup("npz");
        assertEquals(1, npzFromXml.getAnomalyCount());

        for (DataSource<Event> source : List.<DataSource<Event>>of(fromXml, npzFromXml)) {
            DataFileProvenance p = (DataFileProvenance) source.getProvenance();
            assertEquals(64, p.getSha256().length());
            assertEquals(p, ProvenanceJson.fromJson(ProvenanceJson.toJson(p), DataFileProvenance.class));
            ConfigurationManager rebuilt = new ConfigurationManager();
            rebuilt.addConfiguration(ProvenanceUtil.extractConfiguration(p));
            @SuppressWarnings("unchecked")
            DataSource<Event> again = (DataSource<Event>) rebuilt.lookup(ProvenanceUtil.computeName(p, 0));
            assertEquals(source.getClass(), again.getClass());
            assertEquals(types(source), types(again));
        }
        assertTrue(
                fromXml.getProvenance().toString().contains("outcome"),
                fromXml.getProvenance().toString());
    }

    @Test
    void aMissingFileInAConfigurationIsAPropertyException() throws IOException {
        Path config = write(
                "missing.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                        + "  <component name=\"csv\" type=\"org.dmad.tribuo.data.LabelledCSVDataSource\">\n"
                        + "    <property name=\"dataPath\" value=\"" + dir.resolve("absent.csv") + "\"/>\n"
                        + "  </component>\n</config>\n");
        ConfigurationManager cm = new ConfigurationManager(config.toString());
        PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("csv"));
        assertTrue(e.getMessage().contains("absent.csv"), e.getMessage());
    }
}
