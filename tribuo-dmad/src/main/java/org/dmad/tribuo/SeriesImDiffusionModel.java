package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import org.dmad.engine.GratingImputation;
import org.dmad.tribuo.protos.SeriesImDiffusionModelProto;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained imputation-ensemble window detector (see {@link SeriesImDiffusionTrainer}). Each window of L time steps
 * over C channels gets one ensembled imputation error per element ({@link GratingImputation#elementErrors}: each
 * ensembled step's squared error divided by the step's mean error on the training windows, averaged over the steps);
 * the window's score is their mean (higher = more anomalous; finite, or an error is raised).
 * <p>
 * Which channel and when: {@link #elementErrors} (time-major, element t * C + c), {@link #channelErrors},
 * {@link #stepErrors}; the excuse ({@code getExcuse}) ranks the elements, named {@code tXX_cYY}, by their error.
 */
public final class SeriesImDiffusionModel extends DenoiserModel implements SeriesElementErrors {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final GratingImputation imputation;
    private final double[] stepScales;
    /** Where the standardiser's statistics came from; null in objects Java-serialized before the setting existed. */
    private final SeriesChannelScale.Source channelScale;

    SeriesImDiffusionModel(
            Parts parts,
            DenoiserFit fit,
            GratingImputation imputation,
            double[] stepScales,
            SeriesChannelScale.Source channelScale) {
        super(parts, fit, Scorer.mean(imputation.elementErrors(fit.schedule(), stepScales)));
        if (imputation.width() != featureIDMap.size()) {
            throw new IllegalArgumentException("The imputation's windows have " + imputation.width()
                    + " elements but the model has " + featureIDMap.size() + " features");
        }
        imputation.checkScales(stepScales);
        this.imputation = imputation;
        this.stepScales = stepScales.clone();
        this.channelScale = channelScale;
    }

    /**
     * Where the per-channel statistics of the standardiser came from: the training windows ({@code channel}; every
     * model written before the setting existed) or the whole series given at training ({@code series}).
     *
     * @return the source.
     */
    public SeriesChannelScale.Source getChannelScale() {
        return channelScale == null ? SeriesChannelScale.Source.CHANNEL : channelScale;
    }

    /** @return the imputation settings: window shape, gratings, chain, ensembled steps, noise seed. */
    public GratingImputation getImputation() {
        return imputation;
    }

    /** @return the scale of each ensembled step (its mean error on the training windows). */
    public double[] getStepScales() {
        return stepScales.clone();
    }

    @Override
    public int getWindowLength() {
        return imputation.windowLength();
    }

    @Override
    public int getChannels() {
        return imputation.channels();
    }

    @Override
    public double[][] elementErrors(Iterable<Example<Event>> windows) {
        return SeriesErrorRows.elementErrors(windows, featureIDMap, standardizer, this::featureValues);
    }

    @Override
    public double[] elementErrorsOfRows(double[] rows) {
        ensureOpen();
        return SeriesErrorRows.elementErrorsOfRows(rows, featureIDMap, standardizer, this::featureValues);
    }

    /**
     * Rebuilds the scorer (the mean of the ensembled per-element errors) of a Java-deserialized model.
     *
     * @return the model, built from its state.
     */
    private Object readResolve() {
        return new SeriesImDiffusionModel(parts(), fit, imputation, stepScales, channelScale);
    }

    @Override
    protected SeriesImDiffusionModel copy(String newName, ModelProvenance newProvenance) {
        return new SeriesImDiffusionModel(
                parts().renamed(newName, newProvenance), fit.copy(), imputation, stepScales, getChannelScale());
    }

    @Override
    public String toString() {
        return "SeriesImDiffusionModel(name=" + name + ",imputation=" + imputation + ",stepScales="
                + Arrays.toString(stepScales) + "," + fit.summary() + ",threshold=" + threshold
                + SeriesScaling.describe(getChannelScale()) + ")";
    }

    @Override
    public ModelProto serialize() {
        SeriesImDiffusionModelProto.Builder b = ModelProtos.withParts(SeriesImDiffusionModelProto.newBuilder(), this)
                .setDenoiser(fit.toProto())
                .setWindowLength(imputation.windowLength())
                .setChannels(imputation.channels())
                .setGratingWidth(imputation.gratingWidth())
                .setReconstructionTime(imputation.reconstructionTime())
                .setDdimSteps(imputation.ddimSteps())
                .setEnsembleSteps(imputation.ensembleSteps())
                .setSeed(imputation.seed())
                .setChannelScale(SeriesScaling.toProto(getChannelScale()));
        for (double s : stepScales) {
            b.addStepScales(s);
        }
        return ModelProtos.modelProto(SeriesImDiffusionModel.class, CURRENT_VERSION, b.build());
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not an imputation-ensemble model.
     */
    public static SeriesImDiffusionModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        SeriesImDiffusionModelProto p =
                ModelIntegrity.unpack(message, SeriesImDiffusionModelProto.class, version, className);
        GratingImputation imputation = new GratingImputation(
                p.getWindowLength(),
                p.getChannels(),
                p.getGratingWidth(),
                p.getReconstructionTime(),
                p.getDdimSteps(),
                p.getEnsembleSteps(),
                p.getSeed());
        double[] scales =
                p.getStepScalesList().stream().mapToDouble(Double::doubleValue).toArray();
        return new SeriesImDiffusionModel(
                ModelProtos.parts(p, className),
                DenoiserFit.fromProto(p.getDenoiser()),
                imputation,
                scales,
                SeriesChannelScale.Source.parse(p.getChannelScale()));
    }
}
