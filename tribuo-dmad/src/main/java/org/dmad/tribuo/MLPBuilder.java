package org.dmad.tribuo;

import java.util.List;

/**
 * Builder settings of the detectors whose network is the DTE MLP: {@code hiddenSizes} and {@code dropout}, on top
 * of the schedule and shared settings.
 *
 * @param <B> the concrete builder.
 */
public abstract class MLPBuilder<B extends MLPBuilder<B>> extends ScheduleBuilder<B> {

    private List<Integer> hiddenSizes;
    private double dropout = 0.5;

    /**
     * @param hiddenSizes the detector's default hidden widths.
     * @param timesteps   the detector's default T.
     */
    protected MLPBuilder(List<Integer> hiddenSizes, int timesteps) {
        super(timesteps);
        this.hiddenSizes = List.copyOf(hiddenSizes);
    }

    /**
     * @param hiddenSizes hidden layer widths.
     * @return this builder.
     */
    public B hiddenSizes(List<Integer> hiddenSizes) {
        this.hiddenSizes = List.copyOf(hiddenSizes);
        return self();
    }

    /**
     * @param dropout dropout probability.
     * @return this builder.
     */
    public B dropout(double dropout) {
        this.dropout = dropout;
        return self();
    }

    /** @return the hidden sizes setting. */
    protected List<Integer> hiddenSizes() {
        return hiddenSizes;
    }

    /** @return the dropout setting. */
    protected double dropout() {
        return dropout;
    }
}
