package org.dmad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskDeviceTest {

    @Test
    void gpuAndAutoTrainOnTheAssignedGpu() {
        assertEquals("gpu:3", TaskDevice.resolve("gpu", List.of("3")));
        assertEquals("gpu:1", TaskDevice.resolve("auto", List.of("1")));
        assertEquals("gpu:2", TaskDevice.resolve(" GPU ", List.of("2", "5")));
        assertEquals("gpu:5", TaskDevice.resolve("gpu:5", List.of("2", "5")));
    }

    @Test
    void withoutAssignedGpusOrOnTheCpuTheSettingStands() {
        for (String setting : List.of("cpu", "gpu", "gpu:1", "auto")) {
            assertEquals(setting, TaskDevice.resolve(setting, List.of()));
        }
        assertEquals("cpu", TaskDevice.resolve("cpu", List.of("0")));
    }

    @Test
    void aGpuOfAnotherTaskOrANonOrdinalAddressIsRefused() {
        IllegalArgumentException other =
                assertThrows(IllegalArgumentException.class, () -> TaskDevice.resolve("gpu:0", List.of("1")));
        assertTrue(
                other.getMessage().contains("--device gpu:0 names a GPU Spark did not assign")
                        && other.getMessage().contains("assigned: 1"),
                other.getMessage());
        IllegalArgumentException uuid =
                assertThrows(IllegalArgumentException.class, () -> TaskDevice.resolve("gpu", List.of("GPU-8f1c")));
        assertTrue(uuid.getMessage().contains("'GPU-8f1c'"), uuid.getMessage());
    }
}
