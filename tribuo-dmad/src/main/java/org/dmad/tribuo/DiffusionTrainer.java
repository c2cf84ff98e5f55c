package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.function.Consumer;
import org.dmad.engine.NoiseSchedule;

/**
 * The settings of the forward diffusion process, declared once for every detector that noises its rows with it: the
 * number of timesteps T and the noise schedule. Each detector keeps its own default T, given by its constructor
 * (1000 for the DDPM denoisers, 400 for DTE-Categorical, 300 for DTE-InverseGamma and DTE-NonParametric); the
 * builders set both settings through {@link DiffusionSettings}.
 */
public abstract class DiffusionTrainer extends DMADTrainer {

    @Config(description = "Number of diffusion timesteps T.")
    private int timesteps;

    @Config(description = "Noise schedule: linear (beta 1e-4 to 1e-2) or cosine.")
    @ConfigValues(NoiseSchedule.Type.class)
    private String schedule = "linear";

    /**
     * For OLCUT: every setting at its default.
     *
     * @param timesteps the detector's default number of timesteps T.
     */
    protected DiffusionTrainer(int timesteps) {
        this.timesteps = timesteps;
    }

    /**
     * For detectors whose reference also trains with another weight decay than the shared default.
     *
     * @param weightDecay the detector's default weight decay.
     * @param timesteps   the detector's default number of timesteps T.
     */
    protected DiffusionTrainer(double weightDecay, int timesteps) {
        super(weightDecay);
        this.timesteps = timesteps;
    }

    /**
     * Validates the shared settings, then T (at least 2) and the schedule's name.
     *
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException naming the first invalid setting.
     */
    @Override
    public void postConfig() {
        super.postConfig();
        SettingCheck.atLeast("timesteps", timesteps, 2);
        SettingCheck.oneOf("schedule", schedule, NoiseSchedule.Type.class);
    }

    /** @return the number of diffusion timesteps T. */
    public int getTimesteps() {
        return timesteps;
    }

    /** @return the noise schedule's family. */
    protected NoiseSchedule.Type scheduleType() {
        return NoiseSchedule.Type.parse(schedule);
    }

    /** @return a new noise schedule of the configured family and length. */
    protected NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(scheduleType(), timesteps);
    }

    /**
     * The builder methods of the diffusion settings, shared by the builders of every diffusion-based trainer.
     *
     * @param <T> the trainer.
     * @param <B> the concrete builder.
     */
    public interface DiffusionSettings<T extends DiffusionTrainer, B> {

        /**
         * Records an assignment of settings ({@link DMADTrainer.Builder#assign}).
         *
         * @param assignment sets fields of the trainer under construction.
         * @return this builder.
         */
        B assign(Consumer<? super T> assignment);

        /**
         * @param timesteps number of diffusion timesteps T.
         * @return this builder.
         */
        default B timesteps(int timesteps) {
            return assign((DiffusionTrainer t) -> t.timesteps = timesteps);
        }

        /**
         * @param schedule linear or cosine.
         * @return this builder.
         */
        default B schedule(String schedule) {
            return assign((DiffusionTrainer t) -> t.schedule = schedule);
        }
    }
}
