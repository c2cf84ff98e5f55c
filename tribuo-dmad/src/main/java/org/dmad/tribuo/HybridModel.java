package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dmad.engine.Matrix;
import org.dmad.engine.Occlusion;
import org.dmad.tribuo.protos.HybridMemberProto;
import org.dmad.tribuo.protos.HybridModelProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained hybrid detector (see {@link HybridTrainer}): score = sum_m w_m (s_m - center_m) / scale_m, where s_m is
 * member m's score, its center and scale are the median and robust spread of its training scores
 * ({@link ScoreScaling}) and the weights sum to 1. Higher = more anomalous; a score of 0 is a row every member finds
 * as typical as its median training row.
 * <p>
 * Explanations ({@code getExcuse}) are occlusion on the combined score (see {@link Occlusion}): how much the
 * combined score drops when one feature is set to its training mean. The members' own explanations are not summed
 * because they are of different kinds (DDPM's are per-feature reconstruction errors, DTE's are occlusion drops of
 * an expected time bin), so a weighted sum of them would not be a contribution to the combined score; occlusion is,
 * by construction.
 */
public final class HybridModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final List<DMADModel> members;
    private final List<ScoreScaling> scalings;
    private final double[] weights;

    HybridModel(Parts parts, List<DMADModel> members, List<ScoreScaling> scalings, double[] weights) {
        super(parts);
        if (members.isEmpty() || members.size() != scalings.size() || members.size() != weights.length) {
            throw new IllegalArgumentException("A hybrid needs one scaling and one weight per member, got "
                    + members.size() + " members, " + scalings.size() + " scalings and " + weights.length
                    + " weights");
        }
        for (DMADModel m : members) {
            if (m.getFeatureIDMap().size() != featureIDMap.size()) {
                throw new IllegalArgumentException("Member " + m.getName() + " has "
                        + m.getFeatureIDMap().size() + " features, the hybrid " + featureIDMap.size());
            }
        }
        this.members = List.copyOf(members);
        this.scalings = List.copyOf(scalings);
        this.weights = weights.clone();
    }

    /**
     * The member models, each a complete dmad model of the same features with its own provenance, standardiser and
     * threshold. They belong to this model: closing this model closes them.
     *
     * @return the members, in configuration order.
     */
    public List<DMADModel> getMembers() {
        return members;
    }

    /** @return each member's training-score statistics, in member order. */
    public List<ScoreScaling> getScalings() {
        return scalings;
    }

    /** @return each member's weight, normalised to a sum of 1, in member order. */
    public double[] getWeights() {
        return weights.clone();
    }

    private double[] combine(Function<DMADModel, double[]> memberScores) {
        double[][] scores = new double[members.size()][];
        for (int m = 0; m < scores.length; m++) {
            scores[m] = memberScores.apply(members.get(m));
        }
        return ScoreScaling.weightedSum(scores, scalings.toArray(new ScoreScaling[0]), weights);
    }

    // The members were trained on the hybrid's rows and standardiser, so the hybrid's standardised rows are theirs.
    @Override
    protected double[] scoreStandardized(Matrix rows) {
        return combine(m -> m.scoreStandardized(rows));
    }

    /** The members' own training scores (leave-one-out for DTE-NP), combined. */
    @Override
    double[] trainingScores(Matrix trainingRows) {
        return combine(m -> m.trainingScores(trainingRows));
    }

    /** Occlusion on the combined score. */
    @Override
    protected double[] featureContributions(Matrix row) {
        return Occlusion.contributions(row, this::scoreStandardized);
    }

    @Override
    protected HybridModel copy(String newName, ModelProvenance newProvenance) {
        List<DMADModel> copies = new ArrayList<>(members.size());
        for (DMADModel m : members) {
            copies.add((DMADModel) m.copy());
        }
        return new HybridModel(parts().renamed(newName, newProvenance), copies, scalings, weights);
    }

    @Override
    protected void releaseNative() {
        RuntimeException failure = null;
        for (DMADModel m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    protected void applyScoringDevice(String device) {
        for (DMADModel m : members) {
            m.applyScoringDevice(device);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("HybridModel(name=").append(name).append(",members=[");
        for (int m = 0; m < members.size(); m++) {
            b.append(m == 0 ? "" : ",")
                    .append(members.get(m).getClass().getSimpleName())
                    .append(" w=")
                    .append(weights[m]);
        }
        return b.append("],threshold=").append(threshold).append(')').toString();
    }

    @Override
    public ModelProto serialize() {
        HybridModelProto.Builder payload = ModelProtos.withParts(HybridModelProto.newBuilder(), this);
        for (int m = 0; m < members.size(); m++) {
            payload.addMembers(HybridMemberProto.newBuilder()
                    .setModel(CompositeProtos.modelBytes(members.get(m)))
                    .setWeight(weights[m])
                    .setScaling(scalings.get(m).toProto()));
        }
        return ModelProtos.modelProto(HybridModel.class, CURRENT_VERSION, payload.build());
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a hybrid model.
     */
    public static HybridModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        HybridModelProto p = ModelIntegrity.unpack(message, HybridModelProto.class, version, className);
        List<DMADModel> members = new ArrayList<>();
        List<ScoreScaling> scalings = new ArrayList<>();
        double[] weights = new double[p.getMembersCount()];
        for (int m = 0; m < weights.length; m++) {
            HybridMemberProto member = p.getMembers(m);
            members.add(CompositeProtos.model(member.getModel(), "member " + m));
            scalings.add(ScoreScaling.fromProto(member.getScaling()));
            weights[m] = member.getWeight();
        }
        return new HybridModel(ModelProtos.parts(p, className), members, scalings, weights);
    }
}
