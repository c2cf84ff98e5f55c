package org.dmad.engine;

import ai.djl.ndarray.NDArray;
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
}
