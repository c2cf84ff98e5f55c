package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.DTENonParametric;
import org.dmad.engine.Matrix;
import org.dmad.engine.NoiseSchedule;
import org.dmad.engine.Occlusion;
import org.dmad.tribuo.protos.DTENonParametricModelProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A DTE-NonParametric detector (see {@link DTENonParametricTrainer}): the standardised training rows plus the
 * posterior settings. Its score is a diffusion time in [0, T - 1], the mean (default) or the argmax of the posterior;
 * higher = more anomalous.
 */
public final class DTENonParametricModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final DTENonParametric detector;

    DTENonParametricModel(Parts parts, DTENonParametric detector) {
        super(parts);
        this.detector = detector;
    }

    /** @return the number of neighbours k. */
    public int getNeighbours() {
        return detector.neighbours();
    }

    /** @return the number of timesteps T. */
    public int getTimesteps() {
        return detector.schedule().timesteps();
    }

    /** @return the score variant: posterior mean or argmax. */
    public DTENonParametric.Score getScoreVariant() {
        return detector.score();
    }

    @Override
    protected double[] scoreStandardized(Matrix rows) {
        return detector.score(rows);
    }

    /** Leave-one-out scores of the kept training rows (the rows argument is those rows), as the threshold used. */
    @Override
    double[] trainingScores(Matrix trainingRows) {
        if (trainingRows.rows() != detector.training().rows()) {
            throw new IllegalArgumentException(
                    "Expected the " + detector.training().rows() + " training rows, got " + trainingRows.rows());
        }
        return detector.trainingScores();
    }

    /**
     * Occlusion (see {@link Occlusion}) on m(x), the mean squared distance to the k nearest training rows, of which
     * both score variants are non-decreasing functions. Occluding the score itself would explain nothing for rows
     * far from the data: the posterior there sits at t = T - 1 whichever feature is occluded.
     */
    @Override
    protected double[] featureContributions(Matrix row) {
        return Occlusion.contributions(row, detector::meanNeighbourDistances);
    }

    @Override
    protected DTENonParametricModel copy(String newName, ModelProvenance newProvenance) {
        return new DTENonParametricModel(parts().renamed(newName, newProvenance), detector.copy());
    }

    @Override
    protected void releaseNative() {
        detector.close();
    }

    @Override
    protected void applyScoringDevice(String device) {
        detector.setScoringDevice(device);
    }

    @Override
    public ModelProto serialize() {
        Matrix training = detector.training();
        DTENonParametricModelProto payload = ModelProtos.withParts(DTENonParametricModelProto.newBuilder(), this)
                .setRows(training.rows())
                .setColumns(training.columns())
                .setTrainingRows(ModelProtos.floatBytes(training.data()))
                .setNeighbours(detector.neighbours())
                .setTimesteps(detector.schedule().timesteps())
                .setSchedule(detector.schedule().type().name().toLowerCase(java.util.Locale.ROOT))
                .setScore(detector.score().configName())
                .setDevice(detector.deviceSetting())
                .build();
        return ModelProtos.modelProto(DTENonParametricModel.class, CURRENT_VERSION, payload);
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a DTE-NonParametric model.
     */
    public static DTENonParametricModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        DTENonParametricModelProto proto =
                ModelIntegrity.unpack(message, DTENonParametricModelProto.class, version, className);
        float[] rows = ModelProtos.floats(
                proto.getTrainingRows(), (long) proto.getRows() * proto.getColumns(), "training_rows");
        NoiseSchedule schedule = NoiseSchedule.of(NoiseSchedule.Type.parse(proto.getSchedule()), proto.getTimesteps());
        DTENonParametric detector = new DTENonParametric(
                new Matrix(rows, proto.getRows(), proto.getColumns()),
                proto.getNeighbours(),
                schedule,
                DTENonParametric.Score.parse(proto.getScore()),
                proto.getDevice());
        return new DTENonParametricModel(ModelProtos.parts(proto, className), detector);
    }
}
