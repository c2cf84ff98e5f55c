package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Locale;
import org.dmad.engine.DenoisingLikelihood;
import org.dmad.engine.Matrix;
import org.dmad.tribuo.protos.DenoisingLikelihoodModelProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained denoising-likelihood detector (see {@link DenoisingLikelihoodTrainer}): the score is the denoiser's loss
 * on the row at fixed timesteps and noise draws, or the norm of its score function; higher = more anomalous.
 * <p>
 * Explanations ({@code getExcuse}) rank features by their own share of the statistic: the per-feature squared
 * denoising error averaged over the draws (whose sum is the loss score), or eps_j^2 / sigma2_t (whose sum is the
 * squared score norm). A feature whose noise the denoiser cannot predict is one the normal data does not explain.
 */
public final class DenoisingLikelihoodModel extends DenoiserModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final DenoisingLikelihood.Settings scoring;

    DenoisingLikelihoodModel(Parts parts, DenoiserFit fit, DenoisingLikelihood.Settings scoring) {
        super(parts, fit, scorer(fit, scoring));
        this.scoring = scoring;
    }

    /**
     * The scorer of a denoiser and scoring settings: the statistic of the row sums of the per-feature errors.
     *
     * @param fit     the denoiser.
     * @param scoring the scoring settings.
     * @return the scorer.
     */
    static Scorer scorer(DenoiserFit fit, DenoisingLikelihood.Settings scoring) {
        return new Scorer(
                DenoisingLikelihood.featureErrors(fit.schedule(), scoring),
                (values, columns) -> DenoisingLikelihood.scores(scoring.statistic(), rowSums(values, columns)));
    }

    /**
     * Scores standardised rows.
     *
     * @param fit     the denoiser.
     * @param scoring the scoring settings.
     * @param rows    the rows.
     * @return one score per row.
     */
    static double[] scores(DenoiserFit fit, DenoisingLikelihood.Settings scoring, Matrix rows) {
        return scorer(fit, scoring).scores(fit, rows);
    }

    /**
     * Rebuilds the scorer of a Java-deserialized model, which is not serialized.
     *
     * @return the model, built from its state.
     */
    private Object readResolve() {
        return new DenoisingLikelihoodModel(parts(), fit, scoring);
    }

    /** @return the scoring settings: statistic, timesteps, noise draws, seed. */
    public DenoisingLikelihood.Settings getScoring() {
        return scoring;
    }

    @Override
    protected DenoisingLikelihoodModel copy(String newName, ModelProvenance newProvenance) {
        return new DenoisingLikelihoodModel(parts().renamed(newName, newProvenance), fit.copy(), scoring);
    }

    @Override
    public String toString() {
        return "DenoisingLikelihoodModel(name=" + name + ",scoring=" + scoring + "," + fit.summary() + ",threshold="
                + threshold + ")";
    }

    @Override
    public ModelProto serialize() {
        DenoisingLikelihoodModelProto payload = ModelProtos.withParts(DenoisingLikelihoodModelProto.newBuilder(), this)
                .setDenoiser(fit.toProto())
                .setStatistic(scoring.statistic().name().toLowerCase(Locale.ROOT))
                .setScoreTimesteps(scoring.timesteps())
                .setNoiseDraws(scoring.noiseDraws())
                .setScoreNormTime(scoring.scoreNormTime())
                .setSeed(scoring.seed())
                .build();
        return ModelProtos.modelProto(DenoisingLikelihoodModel.class, CURRENT_VERSION, payload);
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a denoising-likelihood model.
     */
    public static DenoisingLikelihoodModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        DenoisingLikelihoodModelProto p =
                ModelIntegrity.unpack(message, DenoisingLikelihoodModelProto.class, version, className);
        DenoisingLikelihood.Settings scoring = new DenoisingLikelihood.Settings(
                DenoisingLikelihood.Statistic.parse(p.getStatistic()),
                p.getScoreTimesteps(),
                p.getNoiseDraws(),
                p.getScoreNormTime(),
                p.getSeed());
        return new DenoisingLikelihoodModel(
                ModelProtos.parts(p, className), DenoiserFit.fromProto(p.getDenoiser()), scoring);
    }
}
