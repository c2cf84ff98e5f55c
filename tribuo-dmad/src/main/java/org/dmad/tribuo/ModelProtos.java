package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dmad.engine.MLPNetwork;
import org.dmad.engine.NetworkHandle;
import org.dmad.engine.Standardizer;
import org.dmad.tribuo.protos.MLPNetworkProto;
import org.dmad.tribuo.protos.StandardizerProto;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;

/**
 * Conversions between dmad's model parts and their protobuf messages, shared by every model's
 * {@code serialize()} and {@code deserializeFromProto}.
 */
final class ModelProtos {

    private ModelProtos() {}

    static StandardizerProto toProto(Standardizer s) {
        StandardizerProto.Builder b = StandardizerProto.newBuilder();
        for (double m : s.mean()) {
            b.addMean(m);
        }
        for (double v : s.scale()) {
            b.addScale(v);
        }
        return b.build();
    }

    static Standardizer fromProto(StandardizerProto p) {
        return new Standardizer(
                p.getMeanList().stream().mapToDouble(Double::doubleValue).toArray(),
                p.getScaleList().stream().mapToDouble(Double::doubleValue).toArray());
    }

    static MLPNetworkProto toProto(NetworkHandle network) {
        MLPNetwork spec = (MLPNetwork) network.spec();
        return MLPNetworkProto.newBuilder()
                .setInputs(spec.inputs())
                .addAllHidden(spec.hidden())
                .setOutputs(spec.outputs())
                .setDropout(spec.dropout())
                .setParameters(ByteString.copyFrom(network.parameters()))
                .setDevice(network.deviceSetting())
                .build();
    }

    static NetworkHandle fromProto(MLPNetworkProto p) {
        MLPNetwork spec = new MLPNetwork(p.getInputs(), p.getHiddenList(), p.getOutputs(), p.getDropout());
        return new NetworkHandle(spec, p.getParameters().toByteArray(), p.getDevice());
    }

    /**
     * Writes the parts every dmad payload shares (fields {@code metadata = 1}, {@code standardizer = 2} and
     * {@code threshold = 3} of each model message) into a payload builder.
     *
     * @param builder the payload builder.
     * @param model   the model.
     * @param <B>     the builder type.
     * @return the builder.
     */
    static <B extends Message.Builder> B withParts(B builder, DMADModel model) {
        Descriptor type = builder.getDescriptorForType();
        DMADModel.Parts parts = model.parts();
        builder.setField(common(type, "metadata"), metadata(model.dataCarrier()));
        builder.setField(common(type, "standardizer"), toProto(parts.standardizer()));
        builder.setField(common(type, "threshold"), parts.threshold());
        return builder;
    }

    /**
     * Reads the parts every dmad payload shares ({@link #withParts}).
     *
     * @param payload   the payload.
     * @param className the model class, for messages.
     * @return the parts.
     * @throws InvalidProtocolBufferException when the metadata is not Tribuo's.
     */
    static DMADModel.Parts parts(Message payload, String className) throws InvalidProtocolBufferException {
        Descriptor type = payload.getDescriptorForType();
        ModelDataCarrier<Event> carrier = metadata((ByteString) payload.getField(common(type, "metadata")), className);
        return new DMADModel.Parts(
                carrier.name(),
                carrier.provenance(),
                carrier.featureDomain(),
                carrier.outputDomain(),
                fromProto((StandardizerProto) payload.getField(common(type, "standardizer"))),
                (Double) payload.getField(common(type, "threshold")));
    }

    private static FieldDescriptor common(Descriptor type, String name) {
        FieldDescriptor f = type.findFieldByName(name);
        if (f == null) {
            throw new IllegalStateException(type.getFullName() + " lacks the common model field " + name);
        }
        return f;
    }

    static ByteString metadata(ModelDataCarrier<Event> carrier) {
        return carrier.serialize().toByteString();
    }

    /**
     * Reads the Tribuo metadata of a model and checks that it is an anomaly model.
     *
     * @param bytes     the serialized ModelDataProto.
     * @param className the model class, for messages.
     * @return the carrier.
     * @throws InvalidProtocolBufferException when the bytes are not a ModelDataProto.
     */
    @SuppressWarnings("unchecked")
    static ModelDataCarrier<Event> metadata(ByteString bytes, String className) throws InvalidProtocolBufferException {
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(bytes));
        if (!carrier.outputDomain().getOutput(0).getClass().equals(Event.class)) {
            throw new IllegalStateException(
                    "Invalid protobuf: " + className + " needs an anomaly (Event) output " + "domain, found "
                            + carrier.outputDomain().getOutput(0).getClass().getName());
        }
        return (ModelDataCarrier<Event>) carrier;
    }

    static void checkVersion(int version, int current, String className) {
        if (version < 0 || version > current) {
            throw new IllegalArgumentException("Unknown version " + version + " of " + className + ": this dmad "
                    + "reads versions up to " + current + " (was the model written by a newer dmad?)");
        }
    }

    /**
     * Wraps a model's payload as Tribuo's {@code ModelProto}, with its integrity digest set (see
     * {@link ModelIntegrity}).
     *
     * @param modelClass the model class, whose {@code deserializeFromProto} reads the payload.
     * @param version    the format version.
     * @param payload    the model's own message.
     * @return the proto.
     */
    static ModelProto modelProto(Class<?> modelClass, int version, Message payload) {
        return ModelProto.newBuilder()
                .setClassName(modelClass.getName())
                .setVersion(version)
                .setSerializedData(Any.pack(ModelIntegrity.seal(modelClass.getName(), version, payload)))
                .build();
    }

    /**
     * Floats as little-endian IEEE 754 bytes (4 per value): compact, and without boxing every value as a repeated
     * proto field would.
     *
     * @param values the values.
     * @return the bytes.
     */
    static ByteString floatBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return ByteString.copyFrom(buffer.array());
    }

    /**
     * Reads floats written by {@link #floatBytes(float[])}.
     *
     * @param bytes    the bytes.
     * @param expected how many floats there must be.
     * @param what     the field, for messages.
     * @return the values.
     * @throws IllegalStateException when the byte count does not match.
     */
    static float[] floats(ByteString bytes, long expected, String what) {
        if (bytes.size() != 4 * expected) {
            throw new IllegalStateException("Invalid protobuf: " + what + " holds " + bytes.size() + " bytes, expected "
                    + 4 * expected + " (" + expected + " float32 values)");
        }
        float[] out = new float[(int) expected];
        bytes.asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(out);
        return out;
    }
}
