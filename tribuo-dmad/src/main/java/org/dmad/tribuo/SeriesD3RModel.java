package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.DecompositionReconstruction;
import org.dmad.tribuo.protos.SeriesD3RModelProto;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained decomposition-based window detector (see {@link SeriesD3RTrainer}). Each window of L time steps over C
 * channels gets one squared reconstruction error per element ({@link DecompositionReconstruction#elementErrors});
 * the window's score is their mean (higher = more anomalous; finite, or an error is raised).
 * <p>
 * Which channel and when: {@link #elementErrors} (time-major, element t * C + c), {@link #channelErrors},
 * {@link #stepErrors}; the excuse ({@code getExcuse}) ranks the elements, named {@code tXX_cYY}, by their error.
 */
public final class SeriesD3RModel extends DenoiserModel implements SeriesElementErrors {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final DecompositionReconstruction reconstruction;

    /** Where the standardiser's statistics came from; null in objects Java-serialized before the setting existed. */
    private final SeriesChannelScale.Source channelScale;

    SeriesD3RModel(
            Parts parts,
            DenoiserFit fit,
            DecompositionReconstruction reconstruction,
            SeriesChannelScale.Source channelScale) {
        super(parts, fit, Scorer.mean(reconstruction.elementErrors(fit.schedule())));
        if (reconstruction.width() != featureIDMap.size()) {
            throw new IllegalArgumentException("The reconstruction's windows have " + reconstruction.width()
                    + " elements but the model has " + featureIDMap.size() + " features");
        }
        this.reconstruction = reconstruction;
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

    /** @return the decomposition and bottleneck settings. */
    public DecompositionReconstruction getReconstruction() {
        return reconstruction;
    }

    @Override
    public int getWindowLength() {
        return reconstruction.windowLength();
    }

    @Override
    public int getChannels() {
        return reconstruction.channels();
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
     * Rebuilds the scorer (the mean of the per-element squared reconstruction errors) of a Java-deserialized model.
     *
     * @return the model, built from its state.
     */
    private Object readResolve() {
        return new SeriesD3RModel(parts(), fit, reconstruction, channelScale);
    }

    @Override
    protected SeriesD3RModel copy(String newName, ModelProvenance newProvenance) {
        return new SeriesD3RModel(
                parts().renamed(newName, newProvenance), fit.copy(), reconstruction, getChannelScale());
    }

    @Override
    public String toString() {
        return "SeriesD3RModel(name=" + name + ",reconstruction=" + reconstruction + "," + fit.summary() + ",threshold="
                + threshold + SeriesScaling.describe(getChannelScale()) + ")";
    }

    @Override
    public ModelProto serialize() {
        SeriesD3RModelProto payload = ModelProtos.withParts(SeriesD3RModelProto.newBuilder(), this)
                .setDenoiser(fit.toProto())
                .setWindowLength(reconstruction.windowLength())
                .setChannels(reconstruction.channels())
                .setTrendWindow(reconstruction.trendWindow())
                .setNoiseTime(reconstruction.noiseTime())
                .setDisturbance(reconstruction.disturbance())
                .setSeed(reconstruction.seed())
                .setChannelScale(SeriesScaling.toProto(getChannelScale()))
                .build();
        return ModelProtos.modelProto(SeriesD3RModel.class, CURRENT_VERSION, payload);
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a decomposition model.
     */
    public static SeriesD3RModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        SeriesD3RModelProto p = ModelIntegrity.unpack(message, SeriesD3RModelProto.class, version, className);
        DecompositionReconstruction reconstruction = new DecompositionReconstruction(
                p.getWindowLength(),
                p.getChannels(),
                p.getTrendWindow(),
                p.getNoiseTime(),
                p.getDisturbance(),
                p.getSeed());
        return new SeriesD3RModel(
                ModelProtos.parts(p, className),
                DenoiserFit.fromProto(p.getDenoiser()),
                reconstruction,
                SeriesChannelScale.Source.parse(p.getChannelScale()));
    }
}
