package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.dmad.tribuo.protos.DTECategoricalModelProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;
import org.tribuo.protos.core.ModelProto;

/** The SHA-256 digest inside every dmad model file refuses damaged files and lets intact ones (old ones too) load. */
class ModelIntegrityTest {

    private static DMADModel model;
    private static List<Example<Event>> probe;
    private static double[] expected;

    @BeforeAll
    static void train() {
        // A tiny network keeps the file small (a few kB, most of it provenance), so every byte can be flipped.
        model = DTECategoricalTrainer.builder()
                .hiddenSizes(List.of(4))
                .epochs(1)
                .seed(3)
                .threads(1)
                .build()
                .train(TribuoData.normals(PlantedData.generate(40, 0, 3, 0, 5)));
        PlantedData p = PlantedData.generate(6, 2, 3, 6, 9);
        probe = TribuoData.examples(p.values, p.labels, 3);
        expected = model.score(probe);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyFlippedByteIsRefusedOrChangesNothing() throws Exception {
        byte[] file = model.serialize().toByteArray();
        int refused = 0;
        int unchanged = 0;
        for (int pattern : new int[] {0xFF, 0x01}) {
            for (int i = 0; i < file.length; i++) {
                byte[] damaged = file.clone();
                damaged[i] ^= (byte) pattern;
                Model<?> loaded;
                try {
                    loaded = Model.deserialize(ModelProto.parseFrom(damaged));
                } catch (InvalidProtocolBufferException | RuntimeException e) {
                    refused++;
                    continue;
                }
                // Accepted: only bytes outside the sealed payload (framing Tribuo ignores) may have changed.
                try (DMADModel m = (DMADModel) loaded) {
                    assertArrayEquals(
                            expected, m.score(probe), "byte " + i + " ^ " + pattern + " loaded and changed the scores");
                    assertEquals(model.getThreshold(), m.getThreshold(), "byte " + i);
                }
                unchanged++;
            }
        }
        assertEquals(2 * file.length, refused + unchanged);
        assertTrue(
                refused > 0.99 * 2 * file.length,
                refused + " of " + 2 * file.length + " refused (" + unchanged + " unchanged)");
    }

    @Test
    void aDamagedFileIsRefusedWithAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.tribuo");
        ModelFiles.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        // Tribuo's own loader reads the sealed file (and checks it).
        try (DMADModel m = (DMADModel) Model.deserializeFromFile(file)) {
            assertArrayEquals(expected, m.score(probe));
        }
        bytes[bytes.length / 2] ^= 0x04;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(file));
        assertTrue(
                e.getMessage().contains(file.toString()) && e.getMessage().contains("Integrity check failed"),
                e.getMessage());
    }

    @Test
    void aSealedVersionWithoutItsDigestIsRefused() throws Exception {
        ModelProto sealed = model.serialize();
        assertEquals(ModelIntegrity.FIRST_SEALED_VERSION, sealed.getVersion());
        DTECategoricalModelProto payload = sealed.getSerializedData().unpack(DTECategoricalModelProto.class);
        assertEquals(32, payload.getSha256().size());
        ModelProto stripped = sealed.toBuilder()
                .setSerializedData(Any.pack(payload.toBuilder().clearSha256().build()))
                .build();
        Throwable e = assertThrows(IllegalStateException.class, () -> Model.deserialize(stripped));
        while (e.getCause() != null) {
            e = e.getCause();
        }
        assertTrue(e.getMessage().contains("lost its SHA-256 digest"), e.getMessage());
        // Claiming the old format version does not skip the check while a digest is present.
        assertThrows(
                IllegalStateException.class,
                () -> Model.deserialize(sealed.toBuilder().setVersion(0).build()));
    }

    @Test
    void filesWrittenBeforeTheDigestLoadUnchecked() throws Exception {
        ModelProto sealed = model.serialize();
        DTECategoricalModelProto payload = sealed.getSerializedData().unpack(DTECategoricalModelProto.class);
        ModelProto old = sealed.toBuilder()
                .setVersion(0)
                .setSerializedData(Any.pack(payload.toBuilder().clearSha256().build()))
                .build();
        try (DMADModel m = (DMADModel) Model.deserialize(old)) {
            assertArrayEquals(expected, m.score(probe));
        }
    }
}
