package org.dmad.tribuo;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.MLPNetwork;
import org.dmad.engine.NetworkHandle;
import org.dmad.engine.Standardizer;
import org.dmad.tribuo.protos.MLPNetworkProto;
import org.dmad.tribuo.protos.StandardizerProto;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;

/**
 * Conversions between dmad's model parts and their protobuf messages, shared by every model's
 * {@code serialize()} and {@code deserializeFromProto}.
 */
final class ModelProtos {

    private ModelProtos() {
    }

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
        return new Standardizer(p.getMeanList().stream().mapToDouble(Double::doubleValue).toArray(),
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
    static ModelDataCarrier<Event> metadata(ByteString bytes, String className)
            throws InvalidProtocolBufferException {
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(bytes));
        if (!carrier.outputDomain().getOutput(0).getClass().equals(Event.class)) {
            throw new IllegalStateException("Invalid protobuf: " + className + " needs an anomaly (Event) output "
                    + "domain, found " + carrier.outputDomain().getOutput(0).getClass().getName());
        }
        return (ModelDataCarrier<Event>) carrier;
    }

    static void checkVersion(int version, int current, String className) {
        if (version < 0 || version > current) {
            throw new IllegalArgumentException("Unknown version " + version + " of " + className + ": this dmad "
                    + "reads versions up to " + current + " (was the model written by a newer dmad?)");
        }
    }
}
