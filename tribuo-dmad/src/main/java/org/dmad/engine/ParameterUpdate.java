package org.dmad.engine;

/**
 * An optimiser bound to one training's parameters: one step from their current gradients, after which the gradients
 * are zero (DJL's gradients accumulate across backward passes until something zeroes them).
 */
interface ParameterUpdate extends AutoCloseable {

    /** Updates every trainable parameter from its gradient and zeroes the gradients. */
    void step();

    /** Releases the optimiser's native state. */
    @Override
    void close();
}
