package org.dmad.engine;

import java.util.Random;

/**
 * The draws of a diffusion objective that samples one uniform timestep per row: for each row it draws t from the
 * generator and writes the values that t selects in per-timestep tables (noise scales, time bins, the timestep
 * itself), in the tables' order, then, when asked for, the row's weight 1 / rows in its batch's mean. Padding rows of
 * a grouped step are not drawn: their values stay 0, so their weight is 0 and they count in no member's loss.
 */
class TimestepDraws implements StepDraws {
    private final int timesteps;
    private final float[][] tables;
    private final boolean weight;
    private final int perRow;

    /**
     * @param timesteps T, the range of the drawn timesteps.
     * @param weight    true to write each row's weight 1 / rows after the tables' values.
     * @param tables    per-timestep values, T each, written per row in this order.
     */
    TimestepDraws(int timesteps, boolean weight, float[]... tables) {
        for (float[] table : tables) {
            if (table.length != timesteps) {
                throw new IllegalArgumentException("A table of per-timestep values has " + table.length + " values for "
                        + timesteps + " timesteps");
            }
        }
        this.timesteps = timesteps;
        this.tables = tables.clone();
        this.weight = weight;
        this.perRow = tables.length + (weight ? 1 : 0);
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
            int t = random.nextInt(timesteps);
            int row = at + perRow * i;
            for (int c = 0; c < tables.length; c++) {
                out[row + c] = tables[c][t];
            }
            if (weight) {
                out[row + tables.length] = 1f / rows;
            }
        }
    }
}
