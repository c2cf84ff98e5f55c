package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The draws of a diffusion objective that samples one uniform timestep per row: for each row it draws t from the
 * generator and writes the values that t selects in per-timestep tables (noise scales, time bins, the timestep
 * itself), in the tables' order, then, when asked for, the row's weight 1 / rows in its batch's mean. An objective
 * that draws something else per row before its timestep (ts-imdiff's grating) declares leading columns and writes
 * them in {@link #drawLeading}, from the same generator. Padding rows of a grouped step are not drawn: their values
 * stay 0, so their weight is 0 and they count in no member's loss.
 */
class TimestepDraws implements StepDraws {
    private final int timesteps;
    private final float[][] tables;
    private final boolean weight;
    private final int leading;
    private final int perRow;

    /**
     * @param timesteps T, the range of the drawn timesteps.
     * @param weight    true to write each row's weight 1 / rows after the tables' values.
     * @param tables    per-timestep values, T each, written per row in this order.
     */
    TimestepDraws(int timesteps, boolean weight, float[]... tables) {
        this(0, timesteps, weight, tables);
    }

    /**
     * @param leading   values {@link #drawLeading} writes first in each row, before the timestep is drawn.
     * @param timesteps T, the range of the drawn timesteps.
     * @param weight    true to write each row's weight 1 / rows after the tables' values.
     * @param tables    per-timestep values, T each, written per row in this order after the leading values.
     */
    TimestepDraws(int leading, int timesteps, boolean weight, float[]... tables) {
        if (leading < 0) {
            throw new IllegalArgumentException("leading must be at least 0, got " + leading);
        }
        for (float[] table : tables) {
            if (table.length != timesteps) {
                throw new IllegalArgumentException("A table of per-timestep values has " + table.length + " values for "
                        + timesteps + " timesteps");
            }
        }
        this.timesteps = timesteps;
        this.tables = tables.clone();
        this.weight = weight;
        this.leading = leading;
        this.perRow = leading + tables.length + (weight ? 1 : 0);
    }

    /**
     * Writes a row's leading values, drawn from the generator before its timestep; only called when the constructor
     * declared some.
     *
     * @param random the generator the timestep is drawn from next.
     * @param out    the draws.
     * @param row    the row's first position in {@code out}.
     */
    void drawLeading(Random random, float[] out, int row) {
        throw new IllegalStateException(leading + " leading values declared but drawLeading is not overridden");
    }

    /**
     * The values 0, 1, ..., T - 1, as a table of the timesteps themselves.
     *
     * @param timesteps T.
     * @return the table.
     */
    static float[] steps(int timesteps) {
        float[] out = new float[timesteps];
        for (int t = 0; t < timesteps; t++) {
            out[t] = t;
        }
        return out;
    }

    /**
     * One column of a step's staged draws, shaped to scale each row of {@code x}: {@code (batch, 1)} for plain rows
     * {@code (batch, d)}, {@code (A, batch, 1)} for a group's stacked rows {@code (A, batch, d)}.
     *
     * @param drawn  the step's draws, {@code (batch, perRow)} or {@code (A, batch, perRow)}.
     * @param column the column.
     * @param x      the rows it scales.
     * @return the column, a view of {@code drawn}'s manager.
     */
    static NDArray perRow(NDArray drawn, int column, NDArray x) {
        long[] shape = x.getShape().getShape();
        shape[shape.length - 1] = 1;
        return drawn.get((shape.length == 2 ? ":, " : ":, :, ") + column).reshape(new Shape(shape));
    }

    /**
     * The DDPM forward process from staged scales: x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps, each row's
     * sqrt(abar_t) in column {@code column} of the draws and sqrt(1 - abar_t) in the next one.
     *
     * @param x0     the clean rows, {@code (batch, d)} or {@code (A, batch, d)}.
     * @param noise  eps, shaped as {@code x0}.
     * @param drawn  the step's draws.
     * @param column the signal scale's column.
     * @return x_t, shaped as {@code x0}.
     */
    static NDArray variancePreserving(NDArray x0, NDArray noise, NDArray drawn, int column) {
        return x0.mul(perRow(drawn, column, x0)).add(noise.mul(perRow(drawn, column + 1, x0)));
    }

    /** @return T, the range of the drawn timesteps. */
    final int timesteps() {
        return timesteps;
    }

    @Override
    public final int drawnPerRow() {
        return perRow;
    }

    @Override
    public final void draw(Random random, int rows, float[] out, int at) {
        for (int i = 0; i < rows; i++) {
            int row = at + perRow * i;
            if (leading > 0) {
                drawLeading(random, out, row);
            }
            int t = random.nextInt(timesteps);
            int first = row + leading;
            for (int c = 0; c < tables.length; c++) {
                out[first + c] = tables[c][t];
            }
            if (weight) {
                out[first + tables.length] = 1f / rows;
            }
        }
    }
}
