package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmad.engine.Matrix;
import org.dmad.engine.SeriesScoring;
import org.dmad.tribuo.protos.SeriesDDPMModelProto;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained time-series window detector (see {@link SeriesDDPMTrainer}). Each window of L time steps over C channels
 * gets one squared error per element, by reconstruction or by imputation ({@link #getScoring()}); the window's score
 * is their mean over the L * C elements (higher = more anomalous; finite, or an error is raised).
 * <p>
 * Which channel and when: {@link #elementErrors} returns the L * C errors of each window in time-major order
 * (element t * C + c), {@link #channelErrors} their means per channel and {@link #stepErrors} per time step; the
 * excuse ({@code getExcuse}) ranks the elements, named {@code tXX_cYY}, by their error, largest first. Errors are in
 * standardised units (per channel, pooled over time steps).
 * <p>
 * As everywhere in dmad, a window feature absent from an example is taken as 0 (Tribuo's sparse examples), which in a
 * series is rarely what is meant: give every element.
 */
public final class SeriesDDPMModel extends DenoiserModel implements SeriesElementErrors {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    private final SeriesScoring scoring;

    /** Where the standardiser's statistics came from; null in objects Java-serialized before the setting existed. */
    private final SeriesChannelScale.Source channelScale;

    SeriesDDPMModel(Parts parts, DenoiserFit fit, SeriesScoring scoring, SeriesChannelScale.Source channelScale) {
        super(parts, fit, Scorer.mean(scoring.elementErrors(fit.schedule())));
        if (scoring.width() != featureIDMap.size()) {
            throw new IllegalArgumentException("The scoring's windows have " + scoring.width() + " elements but the "
                    + "model has " + featureIDMap.size() + " features");
        }
        this.scoring = scoring;
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

    /**
     * The feature name of element (t, c) of a window: {@code "t" + t + "_c" + c}, each zero-padded to the decimal
     * digits of L - 1 and C - 1 (at least one), e.g. {@code t07_c05} for L = 100, C = 38.
     *
     * @param t            the time step in [0, L).
     * @param c            the channel in [0, C).
     * @param windowLength L.
     * @param channels     C.
     * @return the name.
     */
    public static String featureName(int t, int c, int windowLength, int channels) {
        return "t" + pad(t, digits(windowLength - 1)) + "_c" + pad(c, digits(channels - 1));
    }

    private static int digits(int n) {
        return Math.max(1, Integer.toString(Math.max(0, n)).length());
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    static String modelName(SeriesScoring scoring) {
        return "series-" + scoring.mode().name().toLowerCase(Locale.ROOT) + "-"
                + scoring.chain().sampler().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Scores standardised windows.
     *
     * @param fit     the denoiser.
     * @param scoring the scoring.
     * @param rows    the windows.
     * @return one score per window: the mean element error.
     */
    static double[] scores(DenoiserFit fit, SeriesScoring scoring, Matrix rows) {
        return Scorer.mean(scoring.elementErrors(fit.schedule())).scores(fit, rows);
    }

    /** @return how this model scores: mode, window shape, masks and the reverse chain. */
    public SeriesScoring getScoring() {
        return scoring;
    }

    /** @return L, time steps per window. */
    public int getWindowLength() {
        return scoring.windowLength();
    }

    /** @return C, channels per time step. */
    public int getChannels() {
        return scoring.channels();
    }

    /**
     * The per-element errors of windows: which channel is anomalous, and when.
     *
     * @param windows the windows, features named as in training.
     * @return per window, L * C errors in time-major order (element t * C + c); their mean is the window's score.
     * @throws IllegalArgumentException for a non-finite value or a window with no known feature.
     */
    public double[][] elementErrors(Iterable<Example<Event>> windows) {
        ensureOpen();
        List<Example<Event>> list = new ArrayList<>();
        windows.forEach(list::add);
        int d = featureIDMap.size();
        if (list.isEmpty()) {
            return new double[0][];
        }
        Matrix rows = standardizer.apply(ExampleRows.scoring(list, featureIDMap, null), d);
        double[] values = featureValues(rows);
        double[][] out = new double[list.size()][d];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(values, i * d, out[i], 0, d);
        }
        return out;
    }

    @Override
    public double[] elementErrorsOfRows(double[] rows) {
        ensureOpen();
        return SeriesErrorRows.elementErrorsOfRows(rows, featureIDMap, standardizer, this::featureValues);
    }

    /**
     * The errors of windows per channel: the mean over time steps of {@link #elementErrors}.
     *
     * @param windows the windows.
     * @return per window, C values.
     */
    public double[][] channelErrors(Iterable<Example<Event>> windows) {
        return reduceErrors(elementErrors(windows), false);
    }

    /**
     * The errors of windows per time step: the mean over channels of {@link #elementErrors}.
     *
     * @param windows the windows.
     * @return per window, L values.
     */
    public double[][] stepErrors(Iterable<Example<Event>> windows) {
        return reduceErrors(elementErrors(windows), true);
    }

    private double[][] reduceErrors(double[][] elements, boolean perStep) {
        int length = scoring.windowLength();
        int channels = scoring.channels();
        double[][] out = new double[elements.length][perStep ? length : channels];
        for (int i = 0; i < elements.length; i++) {
            for (int t = 0; t < length; t++) {
                for (int c = 0; c < channels; c++) {
                    out[i][perStep ? t : c] += elements[i][t * channels + c] / (perStep ? channels : length);
                }
            }
        }
        return out;
    }

    /**
     * The same denoiser with another scoring (imputation instead of reconstruction, DDIM instead of DDPM, another
     * t_r), without retraining; the threshold is recomputed as the (1 - contamination) quantile of the new scores of
     * the calibration windows (normally the training data), and the provenance records the new scoring under
     * {@link DDPMModel#SCORING_OVERRIDE}.
     *
     * @param newScoring  the scoring, for this model's window length and channels.
     * @param calibration windows to compute the threshold on.
     * @return the new model; this one is unchanged.
     * @throws IllegalArgumentException when the scoring does not fit the model or there are no calibration windows.
     */
    public SeriesDDPMModel withScoring(SeriesScoring newScoring, Dataset<Event> calibration) {
        ensureOpen();
        if (newScoring.windowLength() != scoring.windowLength() || newScoring.channels() != scoring.channels()) {
            throw new IllegalArgumentException("The new scoring is for windows of " + newScoring.windowLength()
                    + " x " + newScoring.channels() + " but the model's are " + scoring.windowLength() + " x "
                    + scoring.channels());
        }
        if (calibration.size() == 0) {
            throw new IllegalArgumentException("withScoring needs calibration windows for the threshold, got none");
        }
        int d = featureIDMap.size();
        Matrix rows = standardizer.apply(ExampleRows.scoring(calibration.getData(), featureIDMap, null), d);
        double newThreshold = DMADTrainer.quantile(scores(fit, newScoring, rows), 1.0 - fit.contamination());
        ModelProvenance newProvenance = DDPMModel.scoringOverride(provenance, newScoring.toString());
        return new SeriesDDPMModel(
                new Parts(modelName(newScoring), newProvenance, featureIDMap, outputIDInfo, standardizer, newThreshold),
                fit.copy(),
                newScoring,
                getChannelScale());
    }

    /**
     * Rebuilds the scorer (the mean of the per-element errors of {@link #elementErrors}) of a Java-deserialized model.
     *
     * @return the model, built from its state.
     */
    private Object readResolve() {
        return new SeriesDDPMModel(parts(), fit, scoring, channelScale);
    }

    @Override
    protected SeriesDDPMModel copy(String newName, ModelProvenance newProvenance) {
        return new SeriesDDPMModel(parts().renamed(newName, newProvenance), fit.copy(), scoring, getChannelScale());
    }

    @Override
    public String toString() {
        return "SeriesDDPMModel(name=" + name + ",scoring=" + scoring + "," + fit.summary() + ",threshold=" + threshold
                + SeriesScaling.describe(getChannelScale()) + ")";
    }

    @Override
    public ModelProto serialize() {
        SeriesDDPMModelProto payload = DDPMModel.withChain(
                        ModelProtos.withParts(SeriesDDPMModelProto.newBuilder(), this), scoring.chain())
                .setDenoiser(fit.toProto())
                .setMode(scoring.mode().name().toLowerCase(Locale.ROOT))
                .setWindowLength(scoring.windowLength())
                .setChannels(scoring.channels())
                .setMaskCount(scoring.maskCount())
                // 0 (not written) for the default width 1, so models of the default width serialise as before.
                .setMaskWidth(scoring.maskWidth() == SeriesScoring.DEFAULT_MASK_WIDTH ? 0 : scoring.maskWidth())
                // Empty (not written) for the default start, the mean, so such models serialise as before.
                .setMaskStart(
                        scoring.maskStart() == SeriesScoring.MaskStart.MEAN
                                ? ""
                                : scoring.maskStart().name().toLowerCase(Locale.ROOT))
                .setChannelScale(SeriesScaling.toProto(getChannelScale()))
                .build();
        return ModelProtos.modelProto(SeriesDDPMModel.class, CURRENT_VERSION, payload);
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a series DDPM model.
     */
    public static SeriesDDPMModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        SeriesDDPMModelProto p = ModelIntegrity.unpack(message, SeriesDDPMModelProto.class, version, className);
        SeriesScoring scoring = new SeriesScoring(
                SeriesScoring.Mode.parse(p.getMode()),
                DDPMModel.chain(p),
                p.getWindowLength(),
                p.getChannels(),
                p.getMaskCount(),
                p.getMaskWidth(),
                p.getMaskStart().isEmpty()
                        ? SeriesScoring.MaskStart.MEAN
                        : SeriesScoring.MaskStart.parse(p.getMaskStart()));
        return new SeriesDDPMModel(
                ModelProtos.parts(p, className),
                DenoiserFit.fromProto(p.getDenoiser()),
                scoring,
                SeriesChannelScale.Source.parse(p.getChannelScale()));
    }
}
