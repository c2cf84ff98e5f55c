package org.dmad.tribuo;

/**
 * Builder settings of detectors that have a noise schedule: {@code timesteps} and {@code schedule}, on top of the
 * shared settings. Each detector's builder states its own defaults through the constructor.
 *
 * @param <B> the concrete builder.
 */
public abstract class ScheduleBuilder<B extends ScheduleBuilder<B>> extends DMADTrainer.Builder<B> {

    private int timesteps;
    private String schedule = "linear";

    /**
     * @param timesteps the detector's default T.
     */
    protected ScheduleBuilder(int timesteps) {
        this.timesteps = timesteps;
    }

    /**
     * @param timesteps number of diffusion timesteps T.
     * @return this builder.
     */
    public B timesteps(int timesteps) {
        this.timesteps = timesteps;
        return self();
    }

    /**
     * @param schedule linear or cosine.
     * @return this builder.
     */
    public B schedule(String schedule) {
        this.schedule = schedule;
        return self();
    }

    /** @return the timesteps setting. */
    protected int timesteps() {
        return timesteps;
    }

    /** @return the schedule setting. */
    protected String schedule() {
        return schedule;
    }
}
