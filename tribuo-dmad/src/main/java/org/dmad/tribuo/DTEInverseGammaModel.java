package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.BatchScorer;
import org.dmad.engine.DTEInverseGamma;
import org.dmad.engine.Matrix;
import org.dmad.engine.NetworkHandle;
import org.dmad.engine.Occlusion;
import org.dmad.tribuo.protos.DTEInverseGammaModelProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained DTE-InverseGamma detector (see {@link DTEInverseGammaTrainer}). Its score is the predicted
 * inverse-gamma scale betaHat = s^2 of a clean row (non-negative), or the raw output s when trained with
 * {@code score = raw}; higher = more anomalous.
 */
public final class DTEInverseGammaModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final NetworkHandle network;
    private final DTEInverseGamma.Score score;

    DTEInverseGammaModel(Parts parts, NetworkHandle network, DTEInverseGamma.Score score) {
        super(parts);
        this.network = network;
        this.score = score;
    }

    /** @return the score variant: betaHat (s^2) or raw (s). */
    public DTEInverseGamma.Score getScoreVariant() {
        return score;
    }

    @Override
    protected double[] scoreStandardized(Matrix rows) {
        return BatchScorer.score(network, rows, BatchScorer.DEFAULT_BATCH, DTEInverseGamma.score(score));
    }

    /**
     * Occlusion (see {@link Occlusion}): how much the score drops when a feature is set to its training mean.
     */
    @Override
    protected double[] featureContributions(Matrix row) {
        return Occlusion.contributions(row, this::scoreStandardized);
    }

    @Override
    protected DTEInverseGammaModel copy(String newName, ModelProvenance newProvenance) {
        return new DTEInverseGammaModel(parts().renamed(newName, newProvenance), network.copy(), score);
    }

    @Override
    protected void releaseNative() {
        network.close();
    }

    @Override
    void applyScoringDevice(String device) {
        network.setScoringDevice(device);
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
