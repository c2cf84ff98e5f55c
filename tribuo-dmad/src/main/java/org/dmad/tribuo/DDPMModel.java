package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dmad.engine.DDPMReconstruction;
import org.dmad.engine.DDPMScoring;
import org.dmad.engine.Matrix;
import org.dmad.tribuo.protos.DDPMModelProto;
import org.tribuo.Dataset;
import org.tribuo.anomaly.Event;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained diffusion reconstruction detector (see {@link DDPMTrainer}): the score is the mean over features of the
 * squared reconstruction error after the reverse chain (or of the summed squared changes along it), so higher =
 * more anomalous. The chain is a DDPM or a DDIM one ({@link #getScoring()}); {@link #withScoring} switches it
 * without retraining.
 * <p>
 * Explanations ({@code getExcuse}) rank features by their own reconstruction error: the per-feature terms whose
 * mean is the score, so a feature the denoiser had to move far to bring the row back to the normal data ranks
 * first.
 */
public final class DDPMModel extends DenoiserModel {

    private static final long serialVersionUID = 1L;

    /** The protobuf format version this class writes. */
    public static final int CURRENT_VERSION = 1;

    /** Instance provenance key recording a scoring set by {@link #withScoring} after training. */
    public static final String SCORING_OVERRIDE = "dmad.scoring-override";

    private final DDPMScoring scoring;

    DDPMModel(Parts parts, DenoiserFit fit, DDPMScoring scoring) {
        super(parts, fit, scorer(fit, scoring));
        this.scoring = scoring;
    }

    /**
     * The scorer of a denoiser and a chain: the mean over features of the squared reconstruction errors.
     *
     * @param fit     the denoiser.
     * @param scoring the chain.
     * @return the scorer.
     */
    static Scorer scorer(DenoiserFit fit, DDPMScoring scoring) {
        return Scorer.mean(DDPMReconstruction.featureErrors(fit.schedule(), scoring));
    }

    /**
     * Scores standardised rows with a denoiser and a scoring.
     *
     * @param fit     the denoiser.
     * @param scoring the scoring.
     * @param rows    the rows.
     * @return one score per row.
     */
    static double[] scores(DenoiserFit fit, DDPMScoring scoring, Matrix rows) {
        return scorer(fit, scoring).scores(fit, rows);
    }

    /**
     * Rebuilds the scorer of a Java-deserialized model, which is not serialized.
     *
     * @return the model, built from its state.
     */
    private Object readResolve() {
        return new DDPMModel(parts(), fit, scoring);
    }

    /** @return how this model scores: sampler, reconstruction time, start, noise, reduction, seed. */
    public DDPMScoring getScoring() {
        return scoring;
    }

    /**
     * The same denoiser with another scoring (DDIM instead of DDPM, another start or number of steps), without
     * retraining. Scores on another scale need another threshold, so it is recomputed as the (1 - contamination)
     * quantile of the new scores of the calibration rows (normally the training data). The copy's provenance keeps
     * the training's and records the new scoring under {@link #SCORING_OVERRIDE}.
     *
     * @param newScoring  the scoring.
     * @param calibration rows to compute the threshold on (normally the training data).
     * @return the new model; this one is unchanged.
     * @throws IllegalArgumentException when the scoring does not fit the denoiser or there are no calibration rows.
     */
    public DDPMModel withScoring(DDPMScoring newScoring, Dataset<Event> calibration) {
        ensureOpen();
        if (calibration.size() == 0) {
            throw new IllegalArgumentException("withScoring needs calibration rows for the threshold, got none");
        }
        int d = featureIDMap.size();
        Matrix rows = standardizer.apply(ExampleRows.scoring(calibration.getData(), featureIDMap, null), d);
        double newThreshold = DMADTrainer.quantile(scores(fit, newScoring, rows), 1.0 - fit.contamination());
        return new DDPMModel(
                new Parts(
                        newScoring.sampler().name().toLowerCase(Locale.ROOT),
                        scoringOverride(provenance, newScoring.toString()),
                        featureIDMap,
                        outputIDInfo,
                        standardizer,
                        newThreshold),
                fit.copy(),
                newScoring);
    }

    /**
     * The provenance of a model whose scoring was changed after training ({@link #withScoring},
     * {@link SeriesDDPMModel#withScoring}): the training's, with the new scoring under {@link #SCORING_OVERRIDE}.
     *
     * @param provenance the trained model's provenance.
     * @param scoring    the new scoring, as text.
     * @return the provenance.
     */
    static ModelProvenance scoringOverride(ModelProvenance provenance, String scoring) {
        Map<String, Provenance> instance =
                new LinkedHashMap<>(provenance.getInstanceProvenance().getMap());
        instance.put(SCORING_OVERRIDE, new StringProvenance(SCORING_OVERRIDE, scoring));
        return new ModelProvenance(
                provenance.getClassName(),
                provenance.getTrainingTime(),
                provenance.getDatasetProvenance(),
                provenance.getTrainerProvenance(),
                instance);
    }

    /**
     * Writes a reverse chain into the fields of a model message that carries one ({@code sampler,
     * reconstruction_time, start, stochastic, full_path, ddim_steps, ddim_eta, seed}: this model's and
     * {@link SeriesDDPMModel}'s).
     *
     * @param builder the payload builder.
     * @param chain   the chain.
     * @param <B>     the builder type.
     * @return the builder.
     */
    static <B extends Message.Builder> B withChain(B builder, DDPMScoring chain) {
        Descriptor type = builder.getDescriptorForType();
        builder.setField(chainField(type, "sampler"), chain.sampler().name().toLowerCase(Locale.ROOT));
        builder.setField(chainField(type, "reconstruction_time"), chain.reconstructionTime());
        builder.setField(chainField(type, "start"), chain.start().name().toLowerCase(Locale.ROOT));
        builder.setField(chainField(type, "stochastic"), chain.stochastic());
        builder.setField(chainField(type, "full_path"), chain.fullPath());
        builder.setField(chainField(type, "ddim_steps"), chain.ddimSteps());
        builder.setField(chainField(type, "ddim_eta"), chain.ddimEta());
        builder.setField(chainField(type, "seed"), chain.seed());
        return builder;
    }

    /**
     * Reads a reverse chain written by {@link #withChain}.
     *
     * @param payload the payload.
     * @return the chain.
     * @throws IllegalArgumentException when the sampler or the start is unknown.
     */
    static DDPMScoring chain(Message payload) {
        Descriptor type = payload.getDescriptorForType();
        return new DDPMScoring(
                DDPMScoring.Sampler.parse((String) payload.getField(chainField(type, "sampler"))),
                (Integer) payload.getField(chainField(type, "reconstruction_time")),
                DDPMScoring.Start.parse((String) payload.getField(chainField(type, "start"))),
                (Boolean) payload.getField(chainField(type, "stochastic")),
                (Boolean) payload.getField(chainField(type, "full_path")),
                (Integer) payload.getField(chainField(type, "ddim_steps")),
                (Double) payload.getField(chainField(type, "ddim_eta")),
                (Long) payload.getField(chainField(type, "seed")));
    }

    private static FieldDescriptor chainField(Descriptor type, String name) {
        FieldDescriptor f = type.findFieldByName(name);
        if (f == null) {
            throw new IllegalStateException(type.getFullName() + " lacks the reverse chain field " + name);
        }
        return f;
    }

    @Override
    protected DDPMModel copy(String newName, ModelProvenance newProvenance) {
        return new DDPMModel(parts().renamed(newName, newProvenance), fit.copy(), scoring);
    }

    @Override
    public String toString() {
        return "DDPMModel(name=" + name + ",scoring=" + scoring + "," + fit.summary() + ",threshold=" + threshold + ")";
    }

    @Override
    public ModelProto serialize() {
        DDPMModelProto payload = withChain(ModelProtos.withParts(DDPMModelProto.newBuilder(), this), scoring)
                .setDenoiser(fit.toProto())
                .build();
        return ModelProtos.modelProto(DDPMModel.class, CURRENT_VERSION, payload);
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a DDPM model.
     */
    public static DDPMModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        ModelProtos.checkVersion(version, CURRENT_VERSION, className);
        DDPMModelProto p = ModelIntegrity.unpack(message, DDPMModelProto.class, version, className);
        return new DDPMModel(ModelProtos.parts(p, className), DenoiserFit.fromProto(p.getDenoiser()), chain(p));
    }
}
