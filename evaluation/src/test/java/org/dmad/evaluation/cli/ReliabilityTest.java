package org.dmad.evaluation.cli;

import static org.dmad.evaluation.cli.CliTestSupport.csv;
import static org.dmad.evaluation.cli.CliTestSupport.run;
import static org.dmad.evaluation.cli.CliTestSupport.score;
import static org.dmad.evaluation.cli.CliTestSupport.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmad.evaluation.data.SyntheticSuite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line never destroys the user's data, refuses what it cannot do before doing any work, and reads files
 * the way its help says (issue 17).
 */
class ReliabilityTest {

    @TempDir
    static Path shared;

    private static Path data;
    private static Path model;
    private static byte[] dataBytes;
    private static byte[] modelBytes;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = csv(shared, "data.csv", SyntheticSuite.generate("global", 300, 15, 4, 3));
        model = shared.resolve("if.model");
        String[] train = train("iforest", data, model);
        assertEquals("0", train[0], train[2]);
        dataBytes = Files.readAllBytes(data);
        modelBytes = Files.readAllBytes(model);
    }

    private static void assertInputsIntact() throws IOException {
        assertArrayEquals(dataBytes, Files.readAllBytes(data), "the data file was changed");
        assertArrayEquals(modelBytes, Files.readAllBytes(model), "the model file was changed");
    }

    @Test
    void scoreRefusesToOverwriteItsDataOrModel(@TempDir Path dir) throws Exception {
        String[] overData = score(model, data, data);
        assertEquals("1", overData[0], overData[1]);
        assertTrue(
                overData[2].contains("is the --data file") && overData[2].contains("choose another output path"),
                overData[2]);
        String[] overModel = score(model, data, model);
        assertEquals("1", overModel[0]);
        assertTrue(overModel[2].contains("is the --model file"), overModel[2]);
        // The same file by another name: a relative path with '..', and a symbolic link.
        Path link = dir.resolve("link.csv");
        Files.createSymbolicLink(link, data);
        String[] viaLink = score(model, data, link);
        assertEquals("1", viaLink[0]);
        assertTrue(viaLink[2].contains("is the --data file"), viaLink[2]);
        Path dotted = Path.of("")
                .toAbsolutePath()
                .relativize(shared.resolve("sub/../data.csv").toAbsolutePath());
        String[] viaDots = score(model, data, dotted);
        assertEquals("1", viaDots[0]);
        assertTrue(viaDots[2].contains("is the --data file"), viaDots[2]);
        assertInputsIntact();
    }

    @Test
    void benchRefusesAnOutputFolderAmongItsInputsBeforeAnyRun(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data"));
        Path results = Files.copy(data, folder.resolve("results.csv"));
        byte[] before = Files.readAllBytes(results);
        String[] sameFolder = run(
                "bench",
                "--data",
                folder.toString(),
                "--detectors",
                "iforest",
                "--out",
                folder.toString(),
                "--no-progress");
        assertEquals("1", sameFolder[0], sameFolder[1]);
        assertTrue(sameFolder[2].contains("is the --data folder"), sameFolder[2]);
        String[] overwrites = run(
                "bench",
                "--data",
                results.toString(),
                "--detectors",
                "iforest",
                "--out",
                folder.toString(),
                "--no-progress");
        assertEquals("1", overwrites[0], overwrites[1]);
        assertTrue(overwrites[2].contains("which the command would overwrite"), overwrites[2]);
        String[] intoFile = run("bench", "--detectors", "iforest", "--out", data.toString(), "--no-progress");
        assertEquals("1", intoFile[0], intoFile[1]);
        assertTrue(intoFile[2].contains("it is a file, not a folder"), intoFile[2]);
        assertArrayEquals(before, Files.readAllBytes(results), "the input was changed");
        assertFalse(Files.exists(folder.resolve("summary.md")), "refused before any run");
        assertInputsIntact();
    }

    @Test
    void trainRefusesToOverwriteItsDataBeforeTraining() throws Exception {
        String[] r = train("dte-c", data, data, "--profile", "quick");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--out " + data + " is the --data file"), r[2]);
        assertFalse(r[1].contains("Trained"), "refused before training");
        assertInputsIntact();
    }

    @Test
    void anUnwritableOutIsRefusedBeforeTrainingNamingPathAndReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        String[] underFile = train("dte-c", data, file.resolve("m.tribuo"), "--profile", "quick");
        assertEquals("1", underFile[0]);
        assertTrue(
                underFile[2].contains(file.resolve("m.tribuo").toString())
                        && underFile[2].contains(file + " is a file, not a folder"),
                underFile[2]);
        assertFalse(underFile[1].contains("Trained"));

        String[] folder = train("dte-c", data, dir, "--profile", "quick");
        assertEquals("1", folder[0]);
        assertTrue(folder[2].contains("it is a folder"), folder[2]);

        // A folder that cannot be created whoever runs the test (root included): /proc refuses new entries.
        Path proc = Path.of("/proc/dmad-no-such-folder/m.tribuo");
        String[] cannot = train("dte-c", data, proc, "--profile", "quick");
        assertEquals("1", cannot[0]);
        assertTrue(cannot[2].contains(proc.toString()) && cannot[2].contains("cannot be created"), cannot[2]);

        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        assertTrue(readOnly.toFile().setWritable(false, false));
        try {
            if (!Files.isWritable(readOnly)) { // root may write anywhere: then there is nothing to refuse
                String[] ro = score(model, data, readOnly.resolve("s.csv"));
                assertEquals("1", ro[0]);
                assertTrue(ro[2].contains("read-only folder"), ro[2]);
            }
        } finally {
            readOnly.toFile().setWritable(true, false);
        }
    }

    @Test
    void aFailedScoreLeavesNoTemporaryFileAndNoOutput(@TempDir Path dir) throws Exception {
        // The bad cell sits beyond the first chunk, so scores have already been written to the temporary file.
        StringBuilder b = new StringBuilder("f000,f001,f002,f003,label\n");
        int rows = ScoreCommand.CHUNK_ROWS + 10;
        for (int i = 0; i < rows; i++) {
            b.append(i % 7)
                    .append(',')
                    .append(i % 5)
                    .append(',')
                    .append(i % 3)
                    .append(',')
                    .append(i == rows - 1 ? "oops" : Integer.toString(i % 2))
                    .append(",0\n");
        }
        Path bad = Files.writeString(dir.resolve("bad.csv"), b);
        Path out = dir.resolve("scores.csv");
        String[] r = score(model, bad, out);
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("line " + (rows + 1)) && r[2].contains("'oops' is not a number"), r[2]);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(
                    List.of("bad.csv"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aByteOrderMarkIsDropped(@TempDir Path dir) throws Exception {
        Path bom = dir.resolve("bom.csv");
        Files.write(bom, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, dataBytes));
        String[] r = score(model, bom, dir.resolve("s.csv"));
        assertEquals("0", r[0], r[2]);
        Path clean = dir.resolve("clean.csv");
        score(model, data, clean);
        assertEquals(Files.readString(clean), Files.readString(dir.resolve("s.csv")));
    }

    @Test
    void aFileWithoutALabelColumnIsUnlabelled(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(data);
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line, 0, line.lastIndexOf(',')).append('\n');
        }
        Path plain = Files.writeString(dir.resolve("plain.csv"), b);
        String[] train = train("iforest", plain, dir.resolve("m.model"));
        assertEquals("0", train[0], train[2]);
        assertTrue(train[1].contains("on 315 rows"), "every row trains: " + train[1]);
        String[] score = score(model, plain, dir.resolve("s.csv"));
        assertEquals("0", score[0], score[2]);
        assertFalse(score[1].contains("AUROC"), score[1]);
        List<String> out = Files.readAllLines(dir.resolve("s.csv"));
        assertEquals("row,score,prediction,label", out.get(0));
        assertTrue(out.get(1).endsWith(","), "empty label: " + out.get(1));
        // Asking for a label column by name still requires it.
        String[] named = score(model, plain, dir.resolve("s2.csv"), "--label-column", "label");
        assertEquals("1", named[0]);
        assertTrue(named[2].contains("has no label column 'label'"), named[2]);
    }

    @Test
    void theScoresFileKeepsItsLabelColumnWhenEveryRowHasOneLabel(@TempDir Path dir) throws Exception {
        Path normals = csv(dir, "normals.csv", SyntheticSuite.generate("global", 50, 0, 4, 4));
        String[] r = score(model, normals, dir.resolve("s.csv"));
        assertEquals("0", r[0], r[2]);
        List<String> out = Files.readAllLines(dir.resolve("s.csv"));
        assertEquals("row,score,prediction,label", out.get(0));
        assertTrue(out.get(1).endsWith(",0"), out.get(1));
        assertTrue(r[1].contains("No AUROC: every row of the file has the same label"), r[1]);
    }

    @Test
    void duplicateColumnNamesAreNamedWithTheFile(@TempDir Path dir) throws Exception {
        Path dup = Files.writeString(dir.resolve("dup.csv"), "a,b,a,label\n1,2,3,0\n4,5,6,0\n");
        String[] r = train("iforest", dup, dir.resolve("m"));
        assertEquals("1", r[0]);
        assertTrue(r[2].contains(dup.toString()) && r[2].contains("column name 'a' appears twice"), r[2]);
    }

    @Test
    void degenerateTrainingRowsAreRefused(@TempDir Path dir) throws Exception {
        Path same = Files.writeString(dir.resolve("same.csv"), "a,b,c\n1,2,3\n1,2,3\n");
        String[] r = train("dte-c", same, dir.resolve("m"), "--profile", "quick", "--threads", "1");
        assertEquals("1", r[0], r[1]);
        assertTrue(r[2].contains("they are all the same (every feature is constant)"), r[2]);
        assertFalse(Files.exists(dir.resolve("m")));
    }

    @Test
    void reproduceWithoutModelProvenanceSaysSo(@TempDir Path dir) throws Exception {
        Path record = Files.writeString(
                dir.resolve("run.json"),
                "{\"format\": \"dmad-run-record\", \"version\": 1," + " \"dataset\": {}, \"run\": {}}",
                StandardCharsets.UTF_8);
        String[] r = run("reproduce", record.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("has no \"model_provenance\"") && r[2].contains(record.toString()), r[2]);
        assertFalse(r[2].contains("NullPointer") || r[2].contains("null"), r[2]);
    }

    @Test
    void subsampleKeepsAtMostThatManyNormalRows(@TempDir Path dir) throws Exception {
        String[] r = train("iforest", data, dir.resolve("m"), "--subsample", "100");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("on 100 rows") && r[1].contains("Subsampled: 200 normal rows left out"), r[1]);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
