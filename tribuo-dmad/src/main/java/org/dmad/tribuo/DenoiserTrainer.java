package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dmad.engine.DenoiserEarlyStopping;
import org.dmad.engine.DenoiserNetwork;
import org.dmad.engine.DiffusionObjective;
import org.dmad.engine.GroupedDenoiser;
import org.dmad.engine.Matrix;
import org.dmad.engine.NoiseSchedule;
import org.dmad.engine.TrainingSettings;

/**
 * The settings and training shared by the detectors built on a DDPM noise-prediction network (Ho et al., NeurIPS
 * 2020; tabular settings of Livernoche et al., ICLR 2024): {@link DDPMTrainer} (reconstruction, DDPM or DDIM) and
 * {@link DenoisingLikelihoodTrainer}, and the series denoisers. It adds the denoiser's settings to the diffusion
 * settings of {@link DiffusionTrainer}: {@code width, hiddenSize, embeddingSize, residualBlocks, dropoutFirst,
 * dropoutSecond, patience, minEpochs}, with the paper's values as defaults (T = 1000, the residual MLP of
 * {@link DenoiserNetwork#paper(int)}, early stopping with patience 39 after 51 epochs).
 */
public abstract class DenoiserTrainer extends DiffusionTrainer {

    /** The paper's number of diffusion timesteps T for the denoiser. */
    public static final int DEFAULT_TIMESTEPS = 1000;

    @Config(description = "Width of the denoiser's residual stream.")
    private int width = 128;

    @Config(description = "Inner width of each residual block.")
    private int hiddenSize = 256;

    @Config(description = "Width of the sinusoidal time embedding and its MLP (even).")
    private int embeddingSize = 256;

    @Config(description = "Number of residual blocks.")
    private int residualBlocks = 3;

    @Config(description = "Dropout after the activation inside each residual block.")
    private double dropoutFirst = 0.4;

    @Config(description = "Dropout before each residual addition.")
    private double dropoutSecond = 0.1;

    @Config(
            description = "Early stopping: stop when an epoch's mean loss exceeds the loss this many epochs earlier; "
                    + "0 disables early stopping.")
    private int patience = DenoiserEarlyStopping.DEFAULT_PATIENCE;

    @Config(description = "Epochs always run before early stopping is checked.")
    private int minEpochs = DenoiserEarlyStopping.DEFAULT_MIN_EPOCHS;

    /** For OLCUT: every setting at its default. */
    protected DenoiserTrainer() {
        super(DEFAULT_TIMESTEPS);
    }

    @Override
    public void postConfig() {
        super.postConfig();
        SettingCheck.atLeast("width", width, 1);
        SettingCheck.atLeast("hiddenSize", hiddenSize, 1);
        SettingCheck.require(
                embeddingSize >= 2 && embeddingSize % 2 == 0,
                "embeddingSize",
                "embeddingSize must be even and at least 2, got " + embeddingSize);
        SettingCheck.atLeast("residualBlocks", residualBlocks, 0);
        SettingCheck.fraction("dropoutFirst", dropoutFirst);
        SettingCheck.fraction("dropoutSecond", dropoutSecond);
        SettingCheck.zeroOrPositive("patience", patience, "no early stopping");
        SettingCheck.atLeast("minEpochs", minEpochs, 0);
    }

    /**
     * How this trainer trains its denoiser: its schedule, architecture and early stopping, as a value.
     *
     * @return the fitter.
     */
    protected final DenoiserFitter fitter() {
        return new DenoiserFitter(
                scheduleType(),
                getTimesteps(),
                inputs -> new DenoiserNetwork(
                        inputs, width, hiddenSize, embeddingSize, residualBlocks, dropoutFirst, dropoutSecond),
                patience,
                minEpochs);
    }

    /**
     * Trains the denoiser on standardised rows ({@link DenoiserFitter#fit(Matrix, TrainingSettings, double)}).
     *
     * @param rows     the rows.
     * @param settings the optimisation settings of this invocation.
     * @param context  the model context (for the contamination share).
     * @return the trained denoiser.
     */
    protected final DenoiserFit trainDenoiser(Matrix rows, TrainingSettings settings, ModelContext context) {
        return fitter().fit(rows, settings, context.contamination());
    }

    /**
     * Trains the plain denoiser ({@link #trainDenoiser(Matrix, TrainingSettings, ModelContext)}) and builds the
     * detector's model from it ({@link #model}): DDPM, DDIM, DenoisingLikelihood and the series denoiser. Detectors
     * that train another objective override this and {@link #fitGroup} ({@link SeriesTrainer}).
     */
    @Override
    protected DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context) {
        return model(trainDenoiser(rows, settings, context), rows, settings, context);
    }

    /** The plain denoiser trains in groups ({@link #fitGroup}). */
    @Override
    public boolean trainsInGroups() {
        return true;
    }

    /**
     * The model of a trained denoiser, for detectors whose {@link #fit} is {@link #trainDenoiser(Matrix,
     * TrainingSettings, ModelContext)} followed by this: they train in groups ({@link #trainsInGroups()}).
     *
     * @param fit      the trained denoiser.
     * @param rows     the standardised training rows.
     * @param settings the optimisation settings of this invocation.
     * @param context  the model context.
     * @return the model.
     * @throws UnsupportedOperationException for detectors that do more in {@link #fit}.
     */
    protected DMADModel model(DenoiserFit fit, Matrix rows, TrainingSettings settings, ModelContext context) {
        throw new UnsupportedOperationException(detectorName() + " does not build its model from a plain denoiser");
    }

    /** Each epoch drops its last partial batch: full batches, or one batch of a set smaller than one. */
    @Override
    int groupBatches(int rows) {
        return GroupedDenoiser.batches(rows, getBatchSize());
    }

    /**
     * Trains the members' denoisers together ({@link DenoiserFitter#fitGroup}) and builds each member's model with
     * {@link #model(DenoiserFit, Matrix, TrainingSettings, ModelContext)}.
     */
    @Override
    List<DMADModel> fitGroup(List<Matrix> rows, List<TrainingSettings> settings, List<ModelContext> contexts) {
        if (!trainsInGroups()) {
            return super.fitGroup(rows, settings, contexts);
        }
        List<Double> contamination = new ArrayList<>(contexts.size());
        for (ModelContext c : contexts) {
            contamination.add(c.contamination());
        }
        List<DenoiserFit> fits = fitter().fitGroup(rows, settings, contamination);
        List<DMADModel> models = new ArrayList<>(fits.size());
        for (int g = 0; g < fits.size(); g++) {
            models.add(model(fits.get(g), rows.get(g), settings.get(g), contexts.get(g)));
        }
        return models;
    }

    /**
     * Trains a denoiser of another input width with another loss (a conditional denoiser, say), with this trainer's
     * schedule, architecture and early stopping ({@link DenoiserFitter#fit(Matrix, TrainingSettings, double, int,
     * Function)}).
     *
     * @param rows      the standardised rows.
     * @param settings  the optimisation settings of this invocation.
     * @param context   the model context (for the contamination share).
     * @param inputs    the network's input (and output) width.
     * @param objective the loss of one batch, given the noise schedule.
     * @return the trained denoiser.
     * @throws IllegalArgumentException when there are fewer than 2 rows.
     */
    protected final DenoiserFit trainDenoiser(
            Matrix rows,
            TrainingSettings settings,
            ModelContext context,
            int inputs,
            Function<NoiseSchedule, DiffusionObjective> objective) {
        return fitter().fit(rows, settings, context.contamination(), inputs, objective);
    }

    /**
     * The builder methods of the denoiser settings, shared by the builders of every denoiser-based trainer.
     *
     * @param <T> the trainer.
     * @param <B> the concrete builder.
     */
    public interface DenoiserSettings<T extends DenoiserTrainer, B> extends DiffusionSettings<T, B> {

        /**
         * @param width          the residual stream width.
         * @param hiddenSize     the residual blocks' inner width.
         * @param embeddingSize  the time embedding width (even).
         * @param residualBlocks the number of residual blocks.
         * @return this builder.
         */
        default B architecture(int width, int hiddenSize, int embeddingSize, int residualBlocks) {
            return assign((DenoiserTrainer t) -> {
                t.width = width;
                t.hiddenSize = hiddenSize;
                t.embeddingSize = embeddingSize;
                t.residualBlocks = residualBlocks;
            });
        }

        /**
         * @param dropoutFirst  dropout inside each residual block.
         * @param dropoutSecond dropout before each residual addition.
         * @return this builder.
         */
        default B dropout(double dropoutFirst, double dropoutSecond) {
            return assign((DenoiserTrainer t) -> {
                t.dropoutFirst = dropoutFirst;
                t.dropoutSecond = dropoutSecond;
            });
        }

        /**
         * @param patience  early-stopping patience, 0 to disable.
         * @param minEpochs epochs run before early stopping is checked.
         * @return this builder.
         */
        default B earlyStopping(int patience, int minEpochs) {
            return assign((DenoiserTrainer t) -> {
                t.patience = patience;
                t.minEpochs = minEpochs;
            });
        }
    }
}
