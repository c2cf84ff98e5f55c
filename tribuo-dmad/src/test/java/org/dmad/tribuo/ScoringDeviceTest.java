package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmad.engine.DMADEngine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

/**
 * A model trained on a GPU scores on a machine without one: the golden model files, rewritten so that every network
 * records {@code gpu} as its training device (as an H200-trained model does), load and score here exactly as the
 * CPU-recorded files do, keep their record when saved again, and obey an explicit scoring device.
 */
class ScoringDeviceTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dte-categorical-v0",
                "dte-inverse-gamma-v0",
                "dte-nonparametric-v0",
                "ddpm-v0",
                "ddim-v0",
                "denoising-likelihood-v0",
                "latent-v0",
                "hybrid-v0"
            })
    void aModelRecordedAsGpuTrainedScoresOnTheCpuByDefault(String stem) throws Exception {
        Assumptions.assumeTrue(DMADEngine.engine().getGpuCount() == 0, "needs a CPU-only host");
        ModelProto original = ModelProto.parseFrom(Files.readAllBytes(GOLDEN.resolve(stem + ".tribuo")));
        AtomicInteger rewritten = new AtomicInteger();
        ModelProto gpu = withDevice(original, "gpu", rewritten);
        assertTrue(rewritten.get() > 0, "the file records a device");
        double[] want;
        try (DMADModel cpuModel = (DMADModel) Model.deserialize(original)) {
            want = cpuModel.score(GoldenModels.probeRows());
        }
        try (DMADModel model = (DMADModel) Model.deserialize(gpu)) {
            assertArrayEquals(want, model.score(GoldenModels.probeRows()), stem);
            // The training device stays provenance: saved again, the file still says gpu.
            AtomicInteger recorded = new AtomicInteger();
            withDevice(model.serialize(), "gpu", recorded);
            assertEquals(rewritten.get(), recorded.get());
            assertEquals(0, countDevices(model.serialize(), "cpu"), "no device record changed to cpu");

            model.setScoringDevice("gpu");
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> model.score(GoldenModels.probeRows()), stem);
            assertTrue(rootMessage(e).contains("not visible"), rootMessage(e));
            model.setScoringDevice("cpu");
            assertArrayEquals(want, model.score(GoldenModels.probeRows()), stem);
            model.setScoringDevice("auto");
            assertArrayEquals(want, model.score(GoldenModels.probeRows()), stem);
            model.setScoringDevice(null);
            assertArrayEquals(want, model.score(GoldenModels.probeRows()), stem);
            assertArrayEquals(want, ((DMADModel) model.copy()).score(GoldenModels.probeRows()), stem);
            IllegalArgumentException bad =
                    assertThrows(IllegalArgumentException.class, () -> model.setScoringDevice("cuda:0"));
            assertTrue(bad.getMessage().contains("cuda:0"), bad.getMessage());
        }
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }

    private static int countDevices(ModelProto proto, String device) throws Exception {
        AtomicInteger n = new AtomicInteger();
        withDevice(proto, null, n, device);
        return n.get();
    }

    static ModelProto withDevice(ModelProto proto, String device, AtomicInteger rewritten) throws Exception {
        return withDevice(proto, device, rewritten, null);
    }

    /**
     * Rewrites every {@code device} field of a dmad model proto (and of nested models) to a device, counting the
     * fields; with a null device it only counts the fields equal to {@code match}.
     */
    private static ModelProto withDevice(ModelProto proto, String device, AtomicInteger count, String match)
            throws Exception {
        Any any = proto.getSerializedData();
        String type = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('.') + 1);
        Class<?> cls = Class.forName("org.dmad.tribuo.protos." + type);
        Message payload = (Message) cls.getMethod("parseFrom", ByteString.class).invoke(null, any.getValue());
        Message rewritten = rewrite(payload, device, count, match);
        return proto.toBuilder().setSerializedData(Any.pack(rewritten)).build();
    }

    private static Message rewrite(Message m, String device, AtomicInteger count, String match) throws Exception {
        Message.Builder b = m.toBuilder();
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (f.getName().equals("device") && f.getType() == FieldDescriptor.Type.STRING) {
                if (device != null) {
                    b.setField(f, device);
                    count.incrementAndGet();
                } else if (match.equals(m.getField(f))) {
                    count.incrementAndGet();
                }
            } else if (f.getType() == FieldDescriptor.Type.MESSAGE) {
                if (f.isRepeated()) {
                    for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
                        b.setRepeatedField(f, i, rewrite((Message) m.getRepeatedField(f, i), device, count, match));
                    }
                } else if (m.hasField(f)) {
                    b.setField(f, rewrite((Message) m.getField(f), device, count, match));
                }
            } else if (f.getType() == FieldDescriptor.Type.BYTES
                    && (f.getName().equals("model") || f.getName().equals("latent_detector"))) {
                ModelProto nested = ModelProto.parseFrom((ByteString) m.getField(f));
                b.setField(f, withDevice(nested, device, count, match).toByteString());
            }
        }
        return b.build();
    }
}
