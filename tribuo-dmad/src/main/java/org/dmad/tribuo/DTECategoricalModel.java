package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.BatchScorer;
import org.dmad.engine.DTECategorical;
import org.dmad.engine.Matrix;
import org.dmad.engine.NetworkHandle;
import org.dmad.tribuo.protos.DTECategoricalModelProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained DTE-Categorical detector (see {@link DTECategoricalTrainer}). Its score is the expected diffusion-time
 * bin of a clean row, in [0, numBins - 1]; higher = more anomalous.
 */
public final class DTECategoricalModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final NetworkHandle network;
    private final int numBins;

    DTECategoricalModel(Parts parts, NetworkHandle network, int numBins) {
        super(parts);
        this.network = network;
        this.numBins = numBins;
    }

    /** @return the number of diffusion-time bins K. */
    public int getNumBins() {
        return numBins;
    }

    @Override
    protected double[] scoreStandardized(Matrix rows) {
        return BatchScorer.score(network, rows, BatchScorer.DEFAULT_BATCH, DTECategorical.score(numBins));
    }

    /**
     * Occlusion (see {@link org.dmad.engine.Occlusion}): how much the expected diffusion-time bin drops when a
     * feature is set to its training mean.
     */
    @Override
    protected double[] featureContributions(Matrix row) {
        return org.dmad.engine.Occlusion.contributions(row, this::scoreStandardized);
    }

    @Override
    protected DTECategoricalModel copy(String newName, ModelProvenance newProvenance) {
        return new DTECategoricalModel(parts().renamed(newName, newProvenance), network.copy(), numBins);
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
