package org.dmad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.harness.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** The bytes broadcast to executors: a Java-serialized model's SHA-256 trailer is checked as ModelStore checks it. */
class ModelBytesTest {

    @Test
    @SuppressWarnings("unchecked")
    void aFlippedByteInAJavaSerializedModelIsRefused(@TempDir Path dir) throws Exception {
        AnomalyFactory factory = new AnomalyFactory();
        List<Example<Event>> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            rows.add(new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, new String[] {"a", "b", "c"}, new double[] {
                r.nextGaussian(), r.nextGaussian(), r.nextGaussian()
            }));
        }
        MutableDataset<Event> data = new MutableDataset<>(
                new ListDataSource<>(rows, factory, new SimpleDataSourceProvenance("rows", factory)));
        Model<Event> forest = (Model<Event>) DetectorRegistry.get("iforest")
                .factory()
                .create(Profile.QUICK, 1, 1, "cpu")
                .train(data);
        Path file = dir.resolve("if.model");
        ModelStore.save(forest, file);
        byte[] bytes = ModelBytes.read(file);
        assertEquals(forest.getClass(), ModelBytes.load(bytes, file.toString()).getClass());

        byte[] flipped = bytes.clone();
        flipped[flipped.length / 2] ^= 0x01;
        IOException e = assertThrows(IOException.class, () -> ModelBytes.load(flipped, "broadcast bytes"));
        assertTrue(e.getMessage().contains("broadcast bytes: integrity check failed"), e.getMessage());
        Files.write(file, flipped);
        e = assertThrows(IOException.class, () -> ModelBytes.read(file));
        assertTrue(e.getMessage().contains(file + ": integrity check failed"), e.getMessage());
    }
}
