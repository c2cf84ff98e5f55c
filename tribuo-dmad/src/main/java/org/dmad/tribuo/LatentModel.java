package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.Autoencoder;
import org.dmad.engine.BatchScorer;
import org.dmad.engine.Matrix;
import org.dmad.engine.NetworkHandle;
import org.dmad.engine.Occlusion;
import org.dmad.engine.Standardizer;
import org.dmad.tribuo.protos.LatentModelProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained latent diffusion detector (see {@link LatentTrainer}): a row is standardised, encoded by the autoencoder,
 * and its code, standardised with the codes' training statistics, is scored by the latent detector (DTE-C, DTE-NP or
 * DDPM). With reconstruction weight w = 0 (the default) that is the score; with w &gt; 0 the score is
 * (1 - w) z(latent score) + w z(reconstruction error), each z standardised against its training-score distribution
 * ({@link ScoreScaling}). Higher = more anomalous.
 * <p>
 * Explanations ({@code getExcuse}) are occlusion on the input features (see {@link Occlusion}): how much the score
 * drops when one input feature is set to its training mean before encoding. The latent detector's own explanations
 * would name code dimensions, which mean nothing to a user.
 */
public final class LatentModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final NetworkHandle autoencoder;
    private final DMADModel latentDetector;
    private final double reconstructionWeight;
    private final ScoreScaling latentScaling;
    private final ScoreScaling reconstructionScaling;

    LatentModel(
            Parts parts,
            NetworkHandle autoencoder,
            DMADModel latentDetector,
            double reconstructionWeight,
            ScoreScaling latentScaling,
            ScoreScaling reconstructionScaling) {
        super(parts);
        int latent = ((Autoencoder) autoencoder.spec()).latent();
        if (latentDetector.getFeatureIDMap().size() != latent) {
            throw new IllegalArgumentException("The latent detector has "
                    + latentDetector.getFeatureIDMap().size() + " features but the autoencoder's code has " + latent);
        }
        this.autoencoder = autoencoder;
        this.latentDetector = latentDetector;
        this.reconstructionWeight = reconstructionWeight;
        this.latentScaling = latentScaling;
        this.reconstructionScaling = reconstructionScaling;
    }

    /** @return the width of the autoencoder's code. */
    public int getLatentSize() {
        return ((Autoencoder) autoencoder.spec()).latent();
    }

    /** @return the autoencoder architecture. */
    public Autoencoder getAutoencoder() {
        return (Autoencoder) autoencoder.spec();
    }

    /** @return the trained autoencoder (for the package's tests and composites). */
    NetworkHandle autoencoderNetwork() {
        return autoencoder;
    }

    /**
     * The detector of the codes: a dmad model whose features are the code dimensions ({@code z000, z001, ...}) and
     * whose standardiser holds the codes' training statistics. It belongs to this model: closing this model closes it.
     *
     * @return the latent detector.
     */
    public DMADModel getLatentDetector() {
        return latentDetector;
    }

    /** @return the weight w of the reconstruction error in the score (0 = the latent detector's score alone). */
    public double getReconstructionWeight() {
        return reconstructionWeight;
    }

    /** @return the training statistics of the latent detector's scores. */
    public ScoreScaling getLatentScaling() {
        return latentScaling;
    }

    /** @return the training statistics of the reconstruction errors. */
    public ScoreScaling getReconstructionScaling() {
        return reconstructionScaling;
    }

    /**
     * The codes of standardised rows, standardised for the latent detector.
     *
     * @param autoencoder the autoencoder.
     * @param codeStats   the codes' training statistics.
     * @param rows        standardised input rows.
     * @return the standardised codes.
     */
    static Matrix codes(NetworkHandle autoencoder, Standardizer codeStats, Matrix rows) {
        int latent = ((Autoencoder) autoencoder.spec()).latent();
        double[] codes =
                BatchScorer.scoreRows(autoencoder, rows, BatchScorer.DEFAULT_BATCH, Autoencoder.encode(), latent);
        return codeStats.apply(codes, latent);
    }

    /**
     * The reconstruction errors of standardised rows.
     *
     * @param autoencoder the autoencoder.
     * @param rows        standardised input rows.
     * @return the mean squared error of each row.
     */
    static double[] reconstructionErrors(NetworkHandle autoencoder, Matrix rows) {
        return BatchScorer.score(autoencoder, rows, BatchScorer.DEFAULT_BATCH, Autoencoder.reconstructionError());
    }

    /**
     * The score from its parts.
     *
     * @param latentScores          the latent detector's scores.
     * @param reconstructionErrors  the reconstruction errors (unused when the weight is 0).
     * @param weight                w.
     * @param latentScaling         the latent scores' training statistics.
     * @param reconstructionScaling the reconstruction errors' training statistics.
     * @return the latent scores when w = 0, else (1 - w) z(latent) + w z(reconstruction).
     */
    static double[] combine(
            double[] latentScores,
            double[] reconstructionErrors,
            double weight,
            ScoreScaling latentScaling,
            ScoreScaling reconstructionScaling) {
        if (weight == 0) {
            return latentScores;
        }
        return ScoreScaling.weightedSum(
                new double[][] {latentScores, reconstructionErrors},
                new ScoreScaling[] {latentScaling, reconstructionScaling},
                new double[] {1 - weight, weight});
    }

    @Override
    protected double[] scoreStandardized(Matrix rows) {
        double[] latent = latentDetector.scoreStandardized(codes(autoencoder, latentDetector.getStandardizer(), rows));
        double[] errors = reconstructionWeight == 0 ? null : reconstructionErrors(autoencoder, rows);
        return combine(latent, errors, reconstructionWeight, latentScaling, reconstructionScaling);
    }

    /** As the threshold saw them: the latent detector's own training scores of the codes (leave-one-out for DTE-NP). */
    @Override
    double[] trainingScores(Matrix trainingRows) {
        double[] latent =
                latentDetector.trainingScores(codes(autoencoder, latentDetector.getStandardizer(), trainingRows));
        double[] errors = reconstructionWeight == 0 ? null : reconstructionErrors(autoencoder, trainingRows);
        return combine(latent, errors, reconstructionWeight, latentScaling, reconstructionScaling);
    }

    /** Occlusion on the input features: the score's drop when one feature is set to its training mean. */
    @Override
    protected double[] featureContributions(Matrix row) {
        return Occlusion.contributions(row, this::scoreStandardized);
    }

    @Override
    protected LatentModel copy(String newName, ModelProvenance newProvenance) {
        return new LatentModel(
                parts().renamed(newName, newProvenance),
                autoencoder.copy(),
                (DMADModel) latentDetector.copy(),
                reconstructionWeight,
                latentScaling,
                reconstructionScaling);
    }

    @Override
    protected void releaseNative() {
        autoencoder.close();
        latentDetector.close();
    }

    @Override
    protected void applyScoringDevice(String device) {
        autoencoder.setScoringDevice(device);
        latentDetector.setScoringDevice(device);
    }

    @Override
    public String toString() {
        return "LatentModel(name=" + name + ",autoencoder=" + autoencoder.spec() + ",latentDetector="
                + latentDetector.getClass().getSimpleName() + ",reconstructionWeight=" + reconstructionWeight
                + ",threshold=" + threshold + ")";
    }

    @Override
    public ModelProto serialize() {
        LatentModelProto payload = ModelProtos.withParts(LatentModelProto.newBuilder(), this)
                .setAutoencoder(CompositeProtos.toProto(autoencoder))
                .setLatentDetector(CompositeProtos.modelBytes(latentDetector))
                .setReconstructionWeight(reconstructionWeight)
                .setLatentScaling(latentScaling.toProto())
                .setReconstructionScaling(reconstructionScaling.toProto())
                .build();
        return ModelProtos.modelProto(LatentModel.class, CURRENT_VERSION, payload);
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a latent model.
     */
    public static LatentModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        LatentModelProto p = ModelIntegrity.unpack(message, LatentModelProto.class, version, className);
        return new LatentModel(
                ModelProtos.parts(p, className),
                CompositeProtos.fromProto(p.getAutoencoder()),
                CompositeProtos.model(p.getLatentDetector(), "latent_detector"),
                p.getReconstructionWeight(),
                ScoreScaling.fromProto(p.getLatentScaling()),
                ScoreScaling.fromProto(p.getReconstructionScaling()));
    }
}
