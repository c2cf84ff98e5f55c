package org.dmad.weka;

import org.dmad.tribuo.DenoiserTrainer;
import weka.core.OptionMetadata;

/**
 * What the Weka classifiers over a DDPM noise-prediction network share ({@code DDPM} and {@code DenoisingLikelihood},
 * whose trainers extend {@link DenoiserTrainer}): the denoiser's settings {@code timesteps, schedule, width,
 * hiddenSize, embeddingSize, residualBlocks, dropoutFirst, dropoutSecond, patience, minEpochs}, each starting at the
 * trainer's default, with display orders 10 to 19. A detector adds its scoring settings from display order 20 on and
 * builds its trainer from {@link #denoiserSettings}.
 */
public abstract class DenoiserClassifier extends DMADClassifier {

    private static final long serialVersionUID = 1L;

    private int timesteps;
    private String schedule;
    private int width;
    private int hiddenSize;
    private int embeddingSize;
    private int residualBlocks;
    private double dropoutFirst;
    private double dropoutSecond;
    private int patience;
    private int minEpochs;

    /**
     * Starts every shared and denoiser setting at the Tribuo trainer's default.
     *
     * @param defaults the defaults of the detector's trainer (a {@link DenoiserTrainer}).
     */
    protected DenoiserClassifier(TrainerDefaults defaults) {
        super(defaults);
        this.timesteps = defaults.intValue("timesteps");
        this.schedule = defaults.stringValue("schedule");
        this.width = defaults.intValue("width");
        this.hiddenSize = defaults.intValue("hiddenSize");
        this.embeddingSize = defaults.intValue("embeddingSize");
        this.residualBlocks = defaults.intValue("residualBlocks");
        this.dropoutFirst = defaults.doubleValue("dropoutFirst");
        this.dropoutSecond = defaults.doubleValue("dropoutSecond");
        this.patience = defaults.intValue("patience");
        this.minEpochs = defaults.intValue("minEpochs");
    }

    /**
     * Applies the shared and the denoiser settings to a trainer builder.
     *
     * @param builder the detector's builder.
     * @param <B>     the builder type.
     * @return the builder.
     */
    protected <B extends DenoiserTrainer.Builder<B>> B denoiserSettings(B builder) {
        return sharedSettings(builder).timesteps(timesteps).schedule(schedule)
                .architecture(width, hiddenSize, embeddingSize, residualBlocks)
                .dropout(dropoutFirst, dropoutSecond)
                .earlyStopping(patience, minEpochs);
    }

    /** @return the tip text of timesteps. */
    public String timestepsTipText() {
        return "Number of diffusion timesteps T the denoiser is trained on.";
    }

    /** @return the number of diffusion timesteps. */
    public int getTimesteps() {
        return timesteps;
    }

    /** @param timesteps the number of diffusion timesteps T (at least 2). */
    @OptionMetadata(displayName = "timesteps", description = "Diffusion timesteps T (default 1000).",
            commandLineParamName = "timesteps", commandLineParamSynopsis = "-timesteps <int>", displayOrder = 10)
    public void setTimesteps(int timesteps) {
        this.timesteps = timesteps;
    }

    /** @return the tip text of schedule. */
    public String scheduleTipText() {
        return "Noise schedule: linear (beta from 1e-4 to 1e-2) or cosine.";
    }

    /** @return the noise schedule. */
    public String getSchedule() {
        return schedule;
    }

    /** @param schedule linear or cosine. */
    @OptionMetadata(displayName = "schedule", description = "Noise schedule, linear or cosine (default linear).",
            commandLineParamName = "schedule", commandLineParamSynopsis = "-schedule <linear|cosine>",
            displayOrder = 11)
    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    /** @return the tip text of width. */
    public String widthTipText() {
        return "Width of the denoiser's residual stream.";
    }

    /** @return the residual stream width. */
    public int getWidth() {
        return width;
    }

    /** @param width the residual stream width (positive). */
    @OptionMetadata(displayName = "width", description = "Width of the residual stream (default 128).",
            commandLineParamName = "width", commandLineParamSynopsis = "-width <int>", displayOrder = 12)
    public void setWidth(int width) {
        this.width = width;
    }

    /** @return the tip text of hiddenSize. */
    public String hiddenSizeTipText() {
        return "Inner width of each residual block.";
    }

    /** @return the residual blocks' inner width. */
    public int getHiddenSize() {
        return hiddenSize;
    }

    /** @param hiddenSize the residual blocks' inner width (positive). */
    @OptionMetadata(displayName = "hiddenSize", description = "Inner width of each residual block (default 256).",
            commandLineParamName = "hiddenSize", commandLineParamSynopsis = "-hiddenSize <int>", displayOrder = 13)
    public void setHiddenSize(int hiddenSize) {
        this.hiddenSize = hiddenSize;
    }

    /** @return the tip text of embeddingSize. */
    public String embeddingSizeTipText() {
        return "Width of the sinusoidal time embedding and its MLP; must be even.";
    }

    /** @return the time embedding width. */
    public int getEmbeddingSize() {
        return embeddingSize;
    }

    /** @param embeddingSize the time embedding width (positive and even). */
    @OptionMetadata(displayName = "embeddingSize", description = "Width of the time embedding, even (default 256).",
            commandLineParamName = "embeddingSize", commandLineParamSynopsis = "-embeddingSize <int>",
            displayOrder = 14)
    public void setEmbeddingSize(int embeddingSize) {
        this.embeddingSize = embeddingSize;
    }

    /** @return the tip text of residualBlocks. */
    public String residualBlocksTipText() {
        return "Number of residual blocks of the denoiser.";
    }

    /** @return the number of residual blocks. */
    public int getResidualBlocks() {
        return residualBlocks;
    }

    /** @param residualBlocks the number of residual blocks (at least 1). */
    @OptionMetadata(displayName = "residualBlocks", description = "Number of residual blocks (default 3).",
            commandLineParamName = "residualBlocks", commandLineParamSynopsis = "-residualBlocks <int>",
            displayOrder = 15)
    public void setResidualBlocks(int residualBlocks) {
        this.residualBlocks = residualBlocks;
    }

    /** @return the tip text of dropoutFirst. */
    public String dropoutFirstTipText() {
        return "Dropout after the activation inside each residual block (training only).";
    }

    /** @return the dropout inside each residual block. */
    public double getDropoutFirst() {
        return dropoutFirst;
    }

    /** @param dropoutFirst the dropout inside each residual block, in [0, 1). */
    @OptionMetadata(displayName = "dropoutFirst", description = "Dropout inside each residual block (default 0.4).",
            commandLineParamName = "dropoutFirst", commandLineParamSynopsis = "-dropoutFirst <double>",
            displayOrder = 16)
    public void setDropoutFirst(double dropoutFirst) {
        this.dropoutFirst = dropoutFirst;
    }

    /** @return the tip text of dropoutSecond. */
    public String dropoutSecondTipText() {
        return "Dropout before each residual addition (training only).";
    }

    /** @return the dropout before each residual addition. */
    public double getDropoutSecond() {
        return dropoutSecond;
    }

    /** @param dropoutSecond the dropout before each residual addition, in [0, 1). */
    @OptionMetadata(displayName = "dropoutSecond", description = "Dropout before each residual addition (default "
            + "0.1).", commandLineParamName = "dropoutSecond", commandLineParamSynopsis = "-dropoutSecond <double>",
            displayOrder = 17)
    public void setDropoutSecond(double dropoutSecond) {
        this.dropoutSecond = dropoutSecond;
    }

    /** @return the tip text of patience. */
    public String patienceTipText() {
        return "Early stopping: training stops when an epoch's mean loss exceeds the loss this many epochs earlier; "
                + "0 disables early stopping, so that all epochs run.";
    }

    /** @return the early-stopping patience. */
    public int getPatience() {
        return patience;
    }

    /** @param patience the early-stopping patience in epochs, 0 to disable. */
    @OptionMetadata(displayName = "patience", description = "Early-stopping patience in epochs, 0 = off (default "
            + "39).", commandLineParamName = "patience", commandLineParamSynopsis = "-patience <int>",
            displayOrder = 18)
    public void setPatience(int patience) {
        this.patience = patience;
    }

    /** @return the tip text of minEpochs. */
    public String minEpochsTipText() {
        return "Epochs always run before early stopping is checked.";
    }

    /** @return the epochs run before early stopping is checked. */
    public int getMinEpochs() {
        return minEpochs;
    }

    /** @param minEpochs the epochs run before early stopping is checked (non-negative). */
    @OptionMetadata(displayName = "minEpochs", description = "Epochs run before early stopping is checked (default "
            + "51).", commandLineParamName = "minEpochs", commandLineParamSynopsis = "-minEpochs <int>",
            displayOrder = 19)
    public void setMinEpochs(int minEpochs) {
        this.minEpochs = minEpochs;
    }
}
