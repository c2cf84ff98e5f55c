package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where scoring runs, and which generators a training seeds: the device logic, tested without a GPU. */
class DeviceChoiceTest {

    @Test
    void anExplicitScoringDeviceWinsOverTheTrainedOne() {
        assertEquals("cpu", DMADEngine.scoringSetting("CPU ", "gpu", () -> 1));
        assertEquals("gpu", DMADEngine.scoringSetting("gpu", "cpu", () -> 0));
        assertEquals("gpu:1", DMADEngine.scoringSetting("gpu:1", "cpu", () -> 0));
        assertEquals("auto", DMADEngine.scoringSetting("auto", "gpu", () -> 0));
        assertThrows(IllegalArgumentException.class, () -> DMADEngine.scoringSetting("tpu", "cpu", () -> 0));
    }

    @Test
    void byDefaultAModelScoresWhereItWasTrainedIfThatIsVisibleElseOnTheCpu() {
        assertEquals("gpu", DMADEngine.scoringSetting(null, "gpu", () -> 1));
        assertEquals("cpu", DMADEngine.scoringSetting(null, "gpu", () -> 0));
        assertEquals("gpu:1", DMADEngine.scoringSetting(null, "gpu:1", () -> 2));
        assertEquals("cpu", DMADEngine.scoringSetting(null, "gpu:1", () -> 1));
        assertEquals("auto", DMADEngine.scoringSetting(null, "auto", () -> 0));
        // Unreadable or missing records (older files) score on the CPU.
        assertEquals("cpu", DMADEngine.scoringSetting(null, "", () -> 1));
        assertEquals("cpu", DMADEngine.scoringSetting(null, "quantum", () -> 1));
    }

    @Test
    void aCpuDefaultNeverAsksHowManyGpusThereAre() {
        AtomicInteger asked = new AtomicInteger();
        assertEquals("cpu", DMADEngine.scoringSetting(null, "cpu", () -> {
            asked.incrementAndGet();
            return 1;
        }));
        assertEquals("cpu", DMADEngine.scoringSetting("cpu", "gpu", () -> {
            asked.incrementAndGet();
            return 1;
        }));
        assertEquals(0, asked.get());
    }

    @Test
    void aGpuThatIsNotVisibleFailsNamingTheVisibleDevices() {
        org.junit.jupiter.api.Assumptions.assumeTrue(DMADEngine.engine().getGpuCount() == 0, "needs a CPU-only host");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DMADEngine.scoringDevice("gpu", "cpu"));
        assertTrue(e.getMessage().contains("not visible"), e.getMessage());
        assertEquals(Device.cpu(), DMADEngine.scoringDevice(null, "gpu:3"));
    }

    @Test
    void malformedDeviceSettingsAreRefusedByName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DMADEngine.checkDeviceSetting("cuda"));
        assertTrue(e.getMessage().contains("'cuda'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DMADEngine.checkDeviceSetting(null));
        assertThrows(IllegalArgumentException.class, () -> DMADEngine.checkDeviceSetting("gpu:"));
        assertEquals("gpu:0", DMADEngine.checkDeviceSetting(" GPU:0"));
    }

    /** Records which seeding operations a training asked for. */
    private static final class Recorder implements TorchSeeding.Generators {
        final List<String> calls = new ArrayList<>();

        @Override
        public void seedAll(long seed) {
            calls.add("all:" + seed);
        }

        @Override
        public void seedCpu(long seed) {
            calls.add("cpu:" + seed);
        }
    }

    @Test
    void aCpuTrainingSeedsOnlyTheCpuGeneratorAndAGpuTrainingSeedsAll() {
        Recorder cpu = new Recorder();
        TorchSeeding.seed(Device.cpu(), 42, cpu);
        assertEquals(List.of("cpu:42"), cpu.calls);
        Recorder gpu = new Recorder();
        TorchSeeding.seed(Device.gpu(0), -7, gpu);
        assertEquals(List.of("all:-7"), gpu.calls);
    }

    @Test
    void seedingTheCpuGeneratorAloneGivesTheSameNumbersAsTorchManualSeed() {
        DMADEngine.engine();
        TorchSeeding.CpuGenerator generator = TorchSeeding.CpuGenerator.get();
        assertNotNull(generator, "libtorch_cpu's generator symbols should be reachable");
        // Under the training lock, so that no other training reseeds in between.
        float[][] draws = DMADEngine.train(0, 1, () -> {
            JniUtils.setSeed(-123);
            float[] viaManualSeed = draw();
            generator.setSeed(-123);
            assertEquals(-123L, generator.currentSeed());
            float[] viaCpuGenerator = draw();
            generator.setSeed(99);
            assertEquals(99L, generator.currentSeed());
            return new float[][] {viaManualSeed, viaCpuGenerator};
        });
        float[] viaManualSeed = draws[0];
        float[] viaCpuGenerator = draws[1];
        assertArrayEquals(viaManualSeed, viaCpuGenerator);
        assertFalse(java.util.Arrays.equals(viaManualSeed, draw()));
    }

    @Test
    void aCpuTrainingIsReproducibleThroughTheEngine() {
        float[] first = DMADEngine.train(5, 1, Device.cpu(), DeviceChoiceTest::draw);
        float[] second = DMADEngine.train(5, 1, Device.cpu(), DeviceChoiceTest::draw);
        assertArrayEquals(first, second);
        float[] old = DMADEngine.train(5, 1, () -> {
            JniUtils.setSeed(5);
            return draw();
        });
        assertArrayEquals(first, old);
    }

    private static float[] draw() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
            float[] normal = m.randomNormal(new Shape(16)).toFloatArray();
            float[] uniform = m.randomUniform(0, 1, new Shape(8)).toFloatArray();
            float[] out = java.util.Arrays.copyOf(normal, 24);
            System.arraycopy(uniform, 0, out, 16, 8);
            return out;
        }
    }

    @Test
    void theLoadedLibrariesAreReadFromTheProcessMap() {
        List<String> libs = NativeLibraries.parseMaps(List.of(
                "7f00-7f01 r-xp 00000000 08:01 123 /opt/torch/lib/libtorch_cpu.so",
                "7f01-7f02 r--p 00001000 08:01 123 /opt/torch/lib/libtorch_cpu.so",
                "7f02-7f03 rw-p 00000000 00:00 0 [heap]",
                "7f03-7f04 r-xp 00000000 08:01 124 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f04-7f05 r-xp 00000000 08:01 125 /tmp/x/libtorch_cuda.so (deleted)",
                "7f05-7f06 r--p 00000000 08:01 126 /usr/share/locale/locale-archive"));
        assertEquals(
                List.of(
                        "/opt/torch/lib/libtorch_cpu.so",
                        "/usr/lib/x86_64-linux-gnu/libc.so.6",
                        "/tmp/x/libtorch_cuda.so"),
                libs);
        assertEquals("/tmp/x/libtorch_cuda.so", NativeLibraries.find(libs, "libtorch_cuda"));
        assertNull(NativeLibraries.find(libs, "libtorch_cuda_linalg"));
        DMADEngine.engine();
        assertNotNull(NativeLibraries.torchCpu(), "this process has loaded libtorch_cpu.so");
    }

    @Test
    void theRunFactsNameThePytorchActuallyLoaded() {
        java.util.Map<String, String> facts = DMADEngine.facts(Device.cpu(), 1);
        Path lib = NativeLibraries.torchCpu();
        assertNotNull(lib);
        assertEquals(lib.getParent().toString(), facts.get(DMADEngine.PYTORCH_LIBRARY));
        // This build's classpath carries DJL's CPU native jar.
        assertEquals("cpu", facts.get(DMADEngine.PYTORCH_FLAVOR));
        assertEquals("none", facts.get(DMADEngine.PYTORCH_CUDA));
        assertFalse(facts.containsKey(DMADEngine.CUDA_VERSION), "a CPU run asks CUDA nothing");
    }
}
