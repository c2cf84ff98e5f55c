package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.DTEInverseGamma;
import org.dmad.engine.NetworkHandle;
import org.dmad.tribuo.protos.DTEInverseGammaModelProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained DTE-InverseGamma detector (see {@link DTEInverseGammaTrainer}). Its score is the predicted
 * inverse-gamma scale betaHat = s^2 of a clean row (non-negative), or the raw output s when trained with
 * {@code score = raw}; higher = more anomalous.
 */
public final class DTEInverseGammaModel extends DTENetworkModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final NetworkHandle network;
    private final DTEInverseGamma.Score score;

    DTEInverseGammaModel(Parts parts, NetworkHandle network, DTEInverseGamma.Score score) {
        super(parts, network, DTEInverseGamma.score(score));
        this.network = network;
        this.score = score;
    }

    /** @return the score variant: betaHat (s^2) or raw (s). */
    public DTEInverseGamma.Score getScoreVariant() {
        return score;
    }

    /**
     * Rebuilds the network part of a Java-deserialized model, which {@link DTENetworkModel} does not serialize.
     *
     * @return the model, built from its state.
     */
    private Object readResolve() {
        return new DTEInverseGammaModel(parts(), network, score);
    }

    @Override
    protected DTEInverseGammaModel copy(String newName, ModelProvenance newProvenance) {
        return new DTEInverseGammaModel(parts().renamed(newName, newProvenance), network.copy(), score);
    }

    @Override
    public ModelProto serialize() {
        DTEInverseGammaModelProto payload = ModelProtos.withParts(DTEInverseGammaModelProto.newBuilder(), this)
                .setNetwork(ModelProtos.toProto(network))
                .setScore(score.configName())
                .build();
        return ModelProtos.modelProto(DTEInverseGammaModel.class, CURRENT_VERSION, payload);
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a DTE-InverseGamma model.
     */
    public static DTEInverseGammaModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        DTEInverseGammaModelProto proto =
                ModelIntegrity.unpack(message, DTEInverseGammaModelProto.class, version, className);
        return new DTEInverseGammaModel(
                ModelProtos.parts(proto, className),
                ModelProtos.fromProto(proto.getNetwork()),
                DTEInverseGamma.Score.parse(proto.getScore()));
    }
}
