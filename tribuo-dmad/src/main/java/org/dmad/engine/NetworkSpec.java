package org.dmad.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.Serializable;

/**
 * An architecture that can rebuild the same DJL block at any time. Models keep a spec and parameter bytes rather
 * than native state, so that they serialize, copy and reload without touching the engine.
 */
public interface NetworkSpec extends Serializable {

    /**
     * Builds a new, uninitialised block of this architecture.
     *
     * @return the block.
     */
    Block build();

    /**
     * The shapes of the block's inputs for a batch of the given size (used to initialise parameters).
     *
     * @param batch the batch size.
     * @return one shape per block input.
     */
    Shape[] inputShapes(int batch);
}
