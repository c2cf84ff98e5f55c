package org.dmad.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IOException ex = assertThrows(IOException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }

    @Test
    void csvReadsFeaturesAndTheNamedLabelColumnWithProvenance() throws IOException {
        Path p = write("m.csv", "a,label,b\n1.5,0,2\n-3,1,4e2\n\"7\",anomaly,8\n");
        TabularData t = CSVData.load(p, "label");
        assertEquals(List.of("a", "b"), t.featureNames());
        assertArrayEquals(new double[] {1.5, 2, -3, 400, 7, 8}, t.x());
        assertArrayEquals(new int[] {0, 1, 1}, t.y());
        assertEquals(Hashing.sha256(p), t.record().sha256());
        assertEquals(2, t.record().anomalies());
        assertEquals("m", t.name());
    }

    @Test
    void csvErrorsNameTheLineAndColumn() throws IOException {
        assertMessage("no label column 'label'", () -> CSVData.load(write("a.csv", "x,y\n1,2\n"), "label"));
        assertMessage("line 3: 1 fields", () -> CSVData.load(write("b.csv", "x,label\n1,0\n2\n"), "label"));
        assertMessage(
                "column 'x': 'abc' is not a number", () -> CSVData.load(write("c.csv", "x,label\nabc,0\n"), "label"));
        assertMessage("empty cell", () -> CSVData.load(write("d.csv", "x,z,label\n1,,0\n"), "label"));
        assertMessage("header row", () -> CSVData.load(write("e.csv", "1,2,0\n3,4,1\n"), null));
        assertMessage("label 'maybe'", () -> CSVData.load(write("f.csv", "x,label\n1,maybe\n"), "label"));
        assertMessage("is empty", () -> CSVData.load(write("g.csv", ""), "label"));
        assertMessage("no data rows", () -> CSVData.load(write("h.csv", "x,label\n"), "label"));
        assertMessage("not a finite number", () -> CSVData.load(write("i.csv", "x,label\nNaN,0\n"), "label"));
    }

    @Test
    void arffUsesWekasLoaderAndFindsTheLabel() throws IOException {
        Path p = write(
                "w.arff",
                "@relation r\n@attribute a numeric\n@attribute b numeric\n"
                        + "@attribute class {normal,outlier}\n@data\n1,2,normal\n3,4,outlier\n");
        TabularData t = ArffData.load(p);
        assertArrayEquals(new double[] {1, 2, 3, 4}, t.x());
        assertArrayEquals(new int[] {0, 1}, t.y());
        assertMessage(
                "missing value",
                () -> ArffData.load(write(
                        "m.arff",
                        "@relation r\n@attribute a numeric\n"
                                + "@attribute class {normal,outlier}\n@data\n?,normal\n")));
        assertMessage(
                "only numeric features",
                () -> ArffData.load(write(
                        "n.arff",
                        "@relation r\n" + "@attribute a {x,y}\n@attribute class {normal,outlier}\n@data\nx,normal\n")));
        assertMessage(
                "not a readable ARFF",
                () -> ArffData.load(write("bad.arff", "@relation r\n@attribute a numeric\n@data\nabc\n")));
    }

    @Test
    void npzLabelsOtherThanZeroOrOneAndWrongShapesAreRefused() throws IOException {
        java.nio.ByteBuffer x = java.nio.ByteBuffer.allocate(4 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            x.putDouble(i);
        }
        java.nio.ByteBuffer y = java.nio.ByteBuffer.allocate(2 * 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(0)
                .putLong(2);
        Path labels = dir.resolve("labels.npz");
        writeNpz(
                labels,
                MalformedFilesTest.npy("<f8", "2, 2", x.array()),
                MalformedFilesTest.npy("<i8", "2,", y.array()));
        assertMessage("label 2.0 at row 1", () -> NpzData.load(labels));
        Path shape = dir.resolve("shape.npz");
        writeNpz(shape, MalformedFilesTest.npy("<f8", "4,", x.array()), MalformedFilesTest.npy("<i8", "2,", y.array()));
        assertMessage("X must be a 2-d matrix", () -> NpzData.load(shape));
    }

    private static void writeNpz(Path file, byte[] x, byte[] y) throws IOException {
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("X.npy"));
            zip.write(x);
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("y.npy"));
            zip.write(y);
            zip.closeEntry();
        }
    }

    @Test
    void syntheticSuiteIsSeededAndPlantsEachAnomalyType() {
        for (String type : SyntheticSuite.TYPES) {
            TabularData a = SyntheticSuite.generate(type, 200, 10, 5, 7);
            TabularData b = SyntheticSuite.generate(type, 200, 10, 5, 7);
            assertArrayEquals(a.x(), b.x());
            assertEquals(a.record().sha256(), b.record().sha256());
            assertEquals(10, a.record().anomalies());
            assertEquals(210, a.rows());
        }
        assertTrue(!java.util.Arrays.equals(
                SyntheticSuite.generate("local", 200, 10, 5, 7).x(),
                SyntheticSuite.generate("local", 200, 10, 5, 8).x()));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSuite.generate("weird", 10, 1, 2, 0));
    }

    @Test
    void npzLoaderReadsASharedADBenchFile() throws IOException {
        Path file =
                Path.of(System.getProperty("dmad.shared.dir", "../shared"), "datasets/adbench/classical/42_WBC.npz");
        Assumptions.assumeTrue(Files.isRegularFile(file), "Skipped: " + file + " is absent");
        TabularData t = NpzData.load(file);
        assertEquals(223, t.rows());
        assertEquals(9, t.columns());
        assertEquals(10, t.record().anomalies());
        assertEquals(
                AdbenchDownload.manifest().get("42_WBC").sha256(), t.record().sha256());
    }

    @Test
    void foldersExpandToTheirDatasetFilesInNameOrder() throws IOException {
        write("b.csv", "x,label\n1,0\n");
        write("a.csv", "x,label\n1,0\n");
        write("notes.txt", "ignored");
        var sources = Datasets.sources(List.of(dir), "label");
        assertEquals(
                List.of("a", "b"), sources.stream().map(Datasets.Source::name).toList());
        assertThrows(IOException.class, () -> Datasets.sources(List.of(dir.resolve("missing")), "label"));
        assertThrows(IOException.class, () -> Datasets.sources(List.of(dir.resolve("notes.txt")), "label"));
    }
}
