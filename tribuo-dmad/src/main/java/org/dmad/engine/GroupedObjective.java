package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;

/**
 * The loss of one step of a grouped denoiser training ({@link GroupedDenoiser}) in stacked form: the members'
 * losses of a {@link DiffusionObjective}, computed on the stacked network. Member a must draw from
 * {@code randoms.get(a)} exactly what its plain objective draws for a batch of its {@code rows[a]} real rows, in the
 * same order (padding rows draw nothing), so that a member's timesteps, masks or offsets are those of its plain
 * training; its loss is its plain objective's loss over its real rows only. Noise comes from the engine's
 * generator, as in the plain objective. The same rules hold as for {@link DiffusionObjective}: never multiply an
 * array that depends on the parameters by a Java number.
 */
@FunctionalInterface
public interface GroupedObjective {

    /**
     * Computes the members' losses of one stacked batch in training mode.
     *
     * @param network the stacked network of the members still training ({@link GroupedDenoiser.Network#forward}).
     * @param x0      the stacked batch, shape (A, batch, d); the rows past {@code rows[a]} pad member a.
     * @param randoms each member's seeded generator, in stack order.
     * @param rows    each member's real rows, in stack order.
     * @return the A members' losses, shape (A).
     */
    NDArray losses(GroupedDenoiser.Network network, NDArray x0, List<Random> randoms, int[] rows);

    /**
     * The rows per member of a stacked batch of windows, after checking their width.
     *
     * @param x0 the stacked batch, shape (A, batch, d).
     * @param d  the window width the objective expects.
     * @return the batch size.
     * @throws IllegalArgumentException when the windows are not {@code d} values wide.
     */
    static int windowBatch(NDArray x0, int d) {
        if (x0.getShape().get(2) != d) {
            throw new IllegalArgumentException(
                    "Expected windows of " + d + " values, got " + x0.getShape().get(2));
        }
        return (int) x0.getShape().get(1);
    }

    /**
     * A grouped objective whose draws can be made ahead ({@link StepDraws}): the grouped training draws each epoch's
     * values for every member and step right after the epoch's shuffles, in the order the steps would draw them,
     * and uploads them once, so a step uploads nothing (on a GPU every upload waits for the device's queued work).
     * {@link #draw} must draw what the member's plain objective draws for a batch of its real rows.
     */
    interface Staged extends GroupedObjective, StepDraws {

        /**
         * Computes the members' losses of one stacked batch from their drawn values.
         *
         * @param network the stacked network of the members still training.
         * @param x0      the stacked batch, shape (A, batch, d).
         * @param drawn   what {@link #draw} wrote for each member's real rows, shape (A, batch, drawnPerRow); a
         *                padding row's values are 0.
         * @param rows    each member's real rows, in stack order.
         * @return the A members' losses, shape (A).
         */
        NDArray losses(GroupedDenoiser.Network network, NDArray x0, NDArray drawn, int[] rows);

        @Override
        default NDArray losses(GroupedDenoiser.Network network, NDArray x0, List<Random> randoms, int[] rows) {
            int members = rows.length;
            int batch = (int) x0.getShape().get(1);
            int perRow = drawnPerRow();
            float[] values = new float[members * batch * perRow];
            for (int a = 0; a < members; a++) {
                draw(randoms.get(a), rows[a], values, a * batch * perRow);
            }
            return losses(network, x0, x0.getManager().create(values, new Shape(members, batch, perRow)), rows);
        }
    }
}
