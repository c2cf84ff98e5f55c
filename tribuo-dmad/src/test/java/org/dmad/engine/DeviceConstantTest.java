package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * An objective's constant is uploaded once per training, not per step: the same array while the training's manager
 * lives, a new one for the next training; gathered rows belong to the step, not to the training.
 */
class DeviceConstantTest {

    @Test
    void madeOncePerTrainingManagerAndGatheredIntoTheStep() {
        DeviceConstant table = new DeviceConstant(new float[] {0, 0, 1, 2, 3, 4}, new Shape(3, 2));
        NDArray first;
        try (NDManager training = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
            first = table.in(training);
            assertSame(first, table.in(training), "a second step reuses the array");
            try (NDManager step = training.newSubManager()) {
                NDArray index = step.create(new float[] {2, 0, 1});
                NDArray rows = table.rows(training, index, step);
                assertArrayEquals(new float[] {3, 4, 0, 0, 1, 2}, rows.toFloatArray());
                assertSame(step, rows.getManager(), "the gathered rows are the step's");
            }
            assertTrue(!first.isReleased(), "the constant outlives the step");
        }
        assertTrue(first.isReleased(), "freed with the training");
        try (NDManager next = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
            NDArray again = table.in(next);
            assertNotSame(first, again);
            assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4}, again.toFloatArray());
        }
    }

    @Test
    void valuesMustFillTheShape() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceConstant(new float[5], new Shape(3, 2)));
    }
}
