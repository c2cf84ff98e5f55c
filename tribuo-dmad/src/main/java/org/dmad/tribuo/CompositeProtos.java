package org.dmad.tribuo;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.Autoencoder;
import org.dmad.engine.NetworkHandle;
import org.dmad.tribuo.protos.AutoencoderProto;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

/**
 * The protobuf parts of the composite models ({@link LatentModel}, {@link HybridModel}): a dmad model embedded as the
 * bytes of its own {@code ModelProto}, and the autoencoder network.
 */
final class CompositeProtos {

    private CompositeProtos() {}

    /**
     * An embedded model's bytes.
     *
     * @param model the model.
     * @return its serialized {@code ModelProto}.
     */
    static ByteString modelBytes(DMADModel model) {
        return model.serialize().toByteString();
    }

    /**
     * Reads an embedded model with Tribuo's {@code Model.deserialize}, which dispatches on the class name.
     *
     * @param bytes the bytes written by {@link #modelBytes}.
     * @param what  which part, for messages.
     * @return the model.
     * @throws InvalidProtocolBufferException when the bytes are not a {@code ModelProto}.
     * @throws IllegalStateException          when the embedded model is not a dmad model.
     */
    static DMADModel model(ByteString bytes, String what) throws InvalidProtocolBufferException {
        Model<?> model = Model.deserialize(ModelProto.parseFrom(bytes));
        if (!(model instanceof DMADModel dmad)) {
            throw new IllegalStateException(
                    "Invalid protobuf: " + what + " is a " + model.getClass().getName() + ", not a dmad model");
        }
        return dmad;
    }

    static AutoencoderProto toProto(NetworkHandle network) {
        Autoencoder spec = (Autoencoder) network.spec();
        return AutoencoderProto.newBuilder()
                .setInputs(spec.inputs())
                .addAllHidden(spec.hidden())
                .setLatent(spec.latent())
                .setParameters(ByteString.copyFrom(network.parameters()))
                .setDevice(network.deviceSetting())
                .build();
    }

    static NetworkHandle fromProto(AutoencoderProto p) {
        Autoencoder spec = new Autoencoder(p.getInputs(), p.getHiddenList(), p.getLatent());
        return new NetworkHandle(spec, p.getParameters().toByteArray(), p.getDevice());
    }
}
