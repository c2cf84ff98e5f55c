package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;

/** Model files of both formats: a digest refuses damage, and a failed save leaves nothing behind. */
class ModelStoreTest {

    private static Model<Event> forest;
    private static Model<Event> network;
    private static MutableDataset<Event> probe;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void train() throws Exception {
        TabularData data = SyntheticSuite.generate("global", 200, 10, 3, 3);
        MutableDataset<Event> rows =
                Benchmark.dataset(data, java.util.Arrays.copyOf(data.x(), 200 * 3), new int[200], false, 3, "train");
        probe = Benchmark.dataset(data, data.x(), data.y(), false, 3, "probe");
        forest = (Model<Event>) DetectorRegistry.get("iforest")
                .factory()
                .create(Profile.QUICK, 1, 1, "cpu")
                .train(rows);
        network = (Model<Event>) DetectorRegistry.get("dte-c")
                .factory()
                .create(Profile.QUICK, 1, 1, "cpu")
                .train(rows);
    }

    @AfterAll
    static void close() throws Exception {
        ((AutoCloseable) network).close();
    }

    private static double[] scores(Model<Event> m) {
        return m.predict(probe).stream()
                .mapToDouble((Prediction<Event> p) -> p.getOutput().getScore())
                .toArray();
    }

    @Test
    void javaSerializedModelsCarryADigestThatRefusesDamage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("if.model");
        ModelStore.save(forest, file);
        byte[] bytes = Files.readAllBytes(file);
        // A plain Java reader still reads the file: the trailer comes after the object.
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            assertInstanceOf(Model.class, in.readObject());
        }
        double[] expected = scores(forest);
        // Every trailer byte, and 200 positions spread through the object stream (a forest's file is large; the
        // protobuf format's test in tribuo-dmad flips every byte of a small file).
        int refused = 0;
        int unchanged = 0;
        int stride = Math.max(1, (bytes.length - 48) / 200);
        for (int i = 0; i < bytes.length; i += i < bytes.length - 48 ? stride : 1) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x10;
            Files.write(file, damaged);
            Model<?> loaded;
            try {
                loaded = ModelStore.load(file);
            } catch (IOException e) {
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                refused++;
                continue;
            }
            @SuppressWarnings("unchecked")
            Model<Event> m = (Model<Event>) loaded;
            assertArrayEquals(expected, scores(m), "byte " + i + " loaded and changed the scores");
            unchanged++;
        }
        assertTrue(
                refused > 0 && unchanged <= 8,
                refused + " refused, " + unchanged + " unchanged (only the "
                        + "trailer's marker may change without effect)");
        Files.write(file, bytes);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> ModelStore.load(file));
        assertTrue(e.getMessage().contains("integrity check failed"), e.getMessage());
    }

    @Test
    void aFailedRenameLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        // The target is a folder that is not empty, so the final rename fails after the temporary file is written.
        Path target = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(target.resolve("keep.txt"), "x");
        assertThrows(IOException.class, () -> ModelStore.save(forest, target));
        assertThrows(IOException.class, () -> ModelStore.save(network, target));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(
                    List.of("taken"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(Files.isDirectory(target) && Files.exists(target.resolve("keep.txt")));
    }
}
