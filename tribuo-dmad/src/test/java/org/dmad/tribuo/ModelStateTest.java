package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.dmad.engine.Autoencoder;
import org.dmad.engine.MLPNetwork;
import org.dmad.engine.Matrix;
import org.dmad.engine.NetworkHandle;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.dmad.tribuo.protos.GenericModelProto;
import org.dmad.tribuo.protos.StateEntryProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/** The generic payload ({@link ModelState}): round trip, integrity digest, and clear errors for bad entries. */
class ModelStateTest {

    private static MedianDistanceModel model;
    private static List<Example<Event>> probe;
    private static double[] expected;

    @BeforeAll
    static void train() {
        model = (MedianDistanceModel) MedianDistanceTrainer.builder()
                .norm(3)
                .build()
                .train(TribuoData.normals(PlantedData.generate(60, 0, 4, 0, 5)));
        PlantedData p = PlantedData.generate(20, 5, 4, 6, 9);
        probe = TribuoData.examples(p.values, p.labels, 4);
        expected = model.score(probe);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void aModelRoundTripsThroughTheGenericPayload(@TempDir Path dir) throws Exception {
        ModelProto proto = model.serialize();
        assertEquals(MedianDistanceModel.class.getName(), proto.getClassName());
        assertEquals(ModelState.CURRENT_VERSION, proto.getVersion());
        GenericModelProto payload = proto.getSerializedData().unpack(GenericModelProto.class);
        assertEquals(32, payload.getSha256().size());
        assertEquals(
                List.of("centre", "norm"),
                payload.getEntriesList().stream().map(StateEntryProto::getName).toList());
        try (DMADModel loaded = (DMADModel) Model.deserialize(proto)) {
            assertArrayEquals(expected, loaded.score(probe));
            assertEquals(model.getThreshold(), loaded.getThreshold());
            assertEquals(model.getProvenance(), loaded.getProvenance());
            assertEquals(proto, loaded.serialize());
        }
        Path file = dir.resolve("m.tribuo");
        ModelFiles.save(model, file);
        try (DMADModel loaded = (DMADModel) ModelFiles.load(file)) {
            assertArrayEquals(expected, loaded.score(probe));
        }
    }

    @Test
    void aFlippedByteIsRefusedByTheDigest(@TempDir Path dir) throws Exception {
        byte[] bytes = model.serialize().toByteArray();
        int refused = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x01;
            try {
                DMADModel m = (DMADModel) Model.deserialize(ModelProto.parseFrom(damaged));
                try (m) {
                    assertArrayEquals(expected, m.score(probe), "byte " + i + " loaded and changed the scores");
                }
            } catch (Exception e) {
                refused++;
            }
        }
        assertTrue(refused > 0.99 * bytes.length, refused + " of " + bytes.length + " refused");
        Path file = dir.resolve("m.tribuo");
        ModelFiles.save(model, file);
        byte[] onDisk = Files.readAllBytes(file);
        onDisk[onDisk.length - 40] ^= 0x04;
        Files.write(file, onDisk);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(file));
        assertTrue(e.getMessage().contains("Integrity check failed"), e.getMessage());
    }

    @Test
    void aMissingOrMistypedEntryIsNamed() {
        ModelProto proto = model.serialize();
        // The factory asks for an entry the file does not hold: the error names it, the class and what is there.
        IllegalStateException missing = assertThrows(
                IllegalStateException.class,
                () -> ModelState.read(
                        proto.getVersion(),
                        proto.getClassName(),
                        proto.getSerializedData(),
                        (parts, state) -> new MedianDistanceModel(parts, state.doubles("center"), 2)));
        assertTrue(
                missing.getMessage().contains("no entry 'center'")
                        && missing.getMessage().contains(MedianDistanceModel.class.getName())
                        && missing.getMessage().contains("centre, norm"),
                missing.getMessage());
        IllegalStateException mistyped = assertThrows(
                IllegalStateException.class,
                () -> ModelState.read(
                        proto.getVersion(),
                        proto.getClassName(),
                        proto.getSerializedData(),
                        (parts, state) ->
                                new MedianDistanceModel(parts, state.doubles("centre"), (int) state.number("norm"))));
        assertTrue(
                mistyped.getMessage().contains("entry 'norm' is an integer, not a number")
                        && mistyped.getMessage().contains(MedianDistanceModel.class.getName()),
                mistyped.getMessage());
    }

    @Test
    void aStrippedDigestIsRefused() throws Exception {
        ModelProto sealed = model.serialize();
        GenericModelProto payload = sealed.getSerializedData().unpack(GenericModelProto.class);
        ModelProto stripped = sealed.toBuilder()
                .setSerializedData(Any.pack(payload.toBuilder().clearSha256().build()))
                .build();
        Throwable e = assertThrows(IllegalStateException.class, () -> Model.deserialize(stripped));
        while (e.getCause() != null) {
            e = e.getCause();
        }
        assertTrue(e.getMessage().contains("lost its SHA-256 digest"), e.getMessage());
    }

    @Test
    void everyEntryTypeRoundTrips() throws Exception {
        byte[] mlpBytes = new byte[37];
        byte[] aeBytes = new byte[23];
        new Random(1).nextBytes(mlpBytes);
        new Random(2).nextBytes(aeBytes);
        NetworkHandle mlp = new NetworkHandle(new MLPNetwork(4, List.of(5, 3), 2, 0.25), mlpBytes, "cpu");
        NetworkHandle ae = new NetworkHandle(new Autoencoder(4, List.of(3), 2), aeBytes, "auto");
        StateModel written = new StateModel(
                model.parts(),
                state -> state.network("mlp", mlp)
                        .network("ae", ae)
                        .number("x", -0.125)
                        .integer("big", 1L << 40)
                        .text("s", "ä b")
                        .doubles("v", new double[] {1, Double.MIN_VALUE, -3}));
        ModelProto proto = written.serialize();
        ModelState.read(proto.getVersion(), proto.getClassName(), proto.getSerializedData(), (parts, state) -> {
            assertEquals(List.of("mlp", "ae", "x", "big", "s", "v"), state.names());
            NetworkHandle m = state.network("mlp");
            assertEquals(mlp.spec(), m.spec());
            assertArrayEquals(mlpBytes, m.parameters());
            assertEquals("cpu", m.deviceSetting());
            NetworkHandle a = state.network("ae");
            assertEquals(ae.spec(), a.spec());
            assertArrayEquals(aeBytes, a.parameters());
            assertEquals("auto", a.deviceSetting());
            assertEquals(-0.125, state.number("x"));
            assertEquals(1L << 40, state.longInteger("big"));
            IllegalStateException tooBig = assertThrows(IllegalStateException.class, () -> state.integer("big"));
            assertTrue(tooBig.getMessage().contains("does not fit an int"), tooBig.getMessage());
            assertEquals("ä b", state.text("s"));
            assertArrayEquals(new double[] {1, Double.MIN_VALUE, -3}, state.doubles("v"));
            IllegalStateException notNetwork = assertThrows(IllegalStateException.class, () -> state.network("x"));
            assertTrue(notNetwork.getMessage().contains("'x' is a number, not a network"), notNetwork.getMessage());
            return written;
        });
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> new StateModel(
                                model.parts(), state -> state.number("x", 1).integer("x", 2))
                        .serialize());
        assertTrue(twice.getMessage().contains("'x' twice"), twice.getMessage());
    }

    /** A model whose state is whatever the test writes. */
    private static final class StateModel extends DMADModel {
        private static final long serialVersionUID = 1L;
        private final transient java.util.function.Consumer<ModelState.Writer> state;

        StateModel(Parts parts, java.util.function.Consumer<ModelState.Writer> state) {
            super(parts);
            this.state = state;
        }

        @Override
        protected double[] scoreStandardized(Matrix rows) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected StateModel copy(String newName, ModelProvenance newProvenance) {
            return new StateModel(parts().renamed(newName, newProvenance), state);
        }

        @Override
        protected void releaseNative() {}

        @Override
        protected void applyScoringDevice(String device) {}

        @Override
        public ModelProto serialize() {
            return ModelState.write(this, state);
        }
    }
}
