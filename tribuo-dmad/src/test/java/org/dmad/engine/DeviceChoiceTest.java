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
        assertEquals("cpu", DmadEngine.scoringSetting("CPU ", "gpu", () -> 1));
        assertEquals("gpu", DmadEngine.scoringSetting("gpu", "cpu", () -> 0));
        assertEquals("gpu:1", DmadEngine.scoringSetting("gpu:1", "cpu", () -> 0));
        assertEquals("auto", DmadEngine.scoringSetting("auto", "gpu", () -> 0));
        assertThrows(IllegalArgumentException.class, () -> DmadEngine.scoringSetting("tpu", "cpu", () -> 0));
    }

    @Test
    void byDefaultAModelScoresWhereItWasTrainedIfThatIsVisibleElseOnTheCpu() {
        assertEquals("gpu", DmadEngine.scoringSetting(null, "gpu", () -> 1));
        assertEquals("cpu", DmadEngine.scoringSetting(null, "gpu", () -> 0));
        assertEquals("gpu:1", DmadEngine.scoringSetting(null, "gpu:1", () -> 2));
        assertEquals("cpu", DmadEngine.scoringSetting(null, "gpu:1", () -> 1));
        assertEquals("auto", DmadEngine.scoringSetting(null, "auto", () -> 0));
        // Unreadable or missing records (older files) score on the CPU.
        assertEquals("cpu", DmadEngine.scoringSetting(null, "", () -> 1));
        assertEquals("cpu", DmadEngine.scoringSetting(null, "quantum", () -> 1));
    }

    @Test
    void aCpuDefaultNeverAsksHowManyGpusThereAre() {
        AtomicInteger asked = new AtomicInteger();
        assertEquals("cpu", DmadEngine.scoringSetting(null, "cpu", () -> {
            asked.incrementAndGet();
            return 1;
        }));
        assertEquals("cpu", DmadEngine.scoringSetting("cpu", "gpu", () -> {
            asked.incrementAndGet();
            return 1;
        }));
        assertEquals(0, asked.get());
    }

    @Test
    void aGpuThatIsNotVisibleFailsNamingTheVisibleDevices() {
        org.junit.jupiter.api.Assumptions.assumeTrue(DmadEngine.engine().getGpuCount() == 0, "needs a CPU-only host");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DmadEngine.scoringDevice("gpu", "cpu"));
        assertTrue(e.getMessage().contains("not visible"), e.getMessage());
        assertEquals(Device.cpu(), DmadEngine.scoringDevice(null, "gpu:3"));
    }

    @Test
    void malformedDeviceSettingsAreRefusedByName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DmadEngine.checkDeviceSetting("cuda"));
        assertTrue(e.getMessage().contains("'cuda'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DmadEngine.checkDeviceSetting(null));
        assertThrows(IllegalArgumentException.class, () -> DmadEngine.checkDeviceSetting("gpu:"));
        assertEquals("gpu:0", DmadEngine.checkDeviceSetting(" GPU:0"));
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
        DmadEngine.engine();
        TorchSeeding.CpuGenerator generator = TorchSeeding.CpuGenerator.get();
        assertNotNull(generator, "libtorch_cpu's generator symbols should be reachable");
        // Under the training lock, so that no other training reseeds in between.
        float[][] draws = DmadEngine.train(0, 1, () -> {
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
        float[] first = DmadEngine.train(5, 1, Device.cpu(), DeviceChoiceTest::draw);
        float[] second = DmadEngine.train(5, 1, Device.cpu(), DeviceChoiceTest::draw);
        assertArrayEquals(first, second);
        float[] old = DmadEngine.train(5, 1, () -> {
            JniUtils.setSeed(5);
            return draw();
        });
        assertArrayEquals(first, old);
    }

    private static float[] draw() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DmadEngine.ENGINE_NAME)) {
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
        DmadEngine.engine();
        assertNotNull(NativeLibraries.torchCpu(), "this process has loaded libtorch_cpu.so");
    }

    @Test
    void theRunFactsNameThePytorchActuallyLoaded() {
        java.util.Map<String, String> facts = DmadEngine.facts(Device.cpu(), 1);
        Path lib = NativeLibraries.torchCpu();
        assertNotNull(lib);
        assertEquals(lib.getParent().toString(), facts.get(DmadEngine.PYTORCH_LIBRARY));
        // This build's classpath carries DJL's CPU native jar.
        assertEquals("cpu", facts.get(DmadEngine.PYTORCH_FLAVOR));
        assertEquals("none", facts.get(DmadEngine.PYTORCH_CUDA));
        assertFalse(facts.containsKey(DmadEngine.CUDA_VERSION), "a CPU run asks CUDA nothing");
    }
}
