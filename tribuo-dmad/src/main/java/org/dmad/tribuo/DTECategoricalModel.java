package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.DTECategorical;
import org.dmad.engine.NetworkHandle;
import org.dmad.tribuo.protos.DTECategoricalModelProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained DTE-Categorical detector (see {@link DTECategoricalTrainer}). Its score is the expected diffusion-time
 * bin of a clean row, in [0, numBins - 1]; higher = more anomalous.
 */
public final class DTECategoricalModel extends DTENetworkModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final NetworkHandle network;
    private final int numBins;

    DTECategoricalModel(Parts parts, NetworkHandle network, int numBins) {
        super(parts, network, DTECategorical.score(numBins));
        this.network = network;
        this.numBins = numBins;
    }

    /** @return the number of diffusion-time bins K. */
    public int getNumBins() {
        return numBins;
    }

    /**
     * Rebuilds the network part of a Java-deserialized model, which {@link DTENetworkModel} does not serialize.
     *
     * @return the model, built from its state.
     */
    private Object readResolve() {
        return new DTECategoricalModel(parts(), network, numBins);
    }

    @Override
    protected DTECategoricalModel copy(String newName, ModelProvenance newProvenance) {
        return new DTECategoricalModel(parts().renamed(newName, newProvenance), network.copy(), numBins);
    }

    @Override
    public ModelProto serialize() {
        DTECategoricalModelProto payload = ModelProtos.withParts(DTECategoricalModelProto.newBuilder(), this)
                .setNetwork(ModelProtos.toProto(network))
                .setNumBins(numBins)
                .build();
        return ModelProtos.modelProto(DTECategoricalModel.class, CURRENT_VERSION, payload);
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a DTE-Categorical model.
     */
    public static DTECategoricalModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        DTECategoricalModelProto proto =
                ModelIntegrity.unpack(message, DTECategoricalModelProto.class, version, className);
        return new DTECategoricalModel(
                ModelProtos.parts(proto, className), ModelProtos.fromProto(proto.getNetwork()), proto.getNumBins());
    }
}
