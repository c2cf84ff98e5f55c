package org.dmad.engine;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.RandomUtils;
import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Seeds PyTorch's random generators for one training, touching only the generators of the training's device.
 * <p>
 * DJL's {@code PtEngine.setRandomSeed} calls {@code torch::manual_seed}, which seeds the CPU generator and then
 * every CUDA generator; seeding a CUDA generator creates a CUDA context (GPU memory, docs/PERFORMANCE.md section
 * 12) even when the training runs on the CPU. A GPU training keeps that full seeding. A CPU training seeds only what
 * DJL's engine-level seed does in Java ({@link RandomUtils#RANDOM}) and torch's default CPU generator: through
 * {@code torch::manual_seed} when the loaded PyTorch has no CUDA library (it then has no CUDA generator to touch),
 * else through libtorch's exported {@code at::detail::getDefaultCPUGenerator()} and
 * {@code at::CPUGeneratorImpl::set_current_seed(uint64_t)}, which is what {@code torch::manual_seed} does for the
 * CPU, so both paths give the same random numbers (see {@code TorchSeedingTest}).
 */
final class TorchSeeding {

    private static final Logger LOG = Logger.getLogger(TorchSeeding.class.getName());
    /** {@code const at::Generator& at::detail::getDefaultCPUGenerator()}. */
    static final String DEFAULT_CPU_GENERATOR = "_ZN2at6detail22getDefaultCPUGeneratorEv";
    /** {@code void at::CPUGeneratorImpl::set_current_seed(uint64_t)}. */
    static final String SET_CURRENT_SEED = "_ZN2at16CPUGeneratorImpl16set_current_seedEm";
    /** {@code uint64_t at::CPUGeneratorImpl::current_seed() const}. */
    static final String CURRENT_SEED = "_ZNK2at16CPUGeneratorImpl12current_seedEv";
    /** dlopen flags: RTLD_LAZY | RTLD_NOLOAD (find the copy already loaded, never load another). */
    private static final int RTLD_LAZY_NOLOAD = 0x1 | 0x4;

    private TorchSeeding() {}

    /** The native seeding operations, separated so that the choice between them is testable without a GPU. */
    interface Generators {
        /**
         * Seeds every generator PyTorch has: the CPU one and, in a CUDA build with a GPU visible, every CUDA one.
         *
         * @param seed the seed.
         */
        void seedAll(long seed);

        /**
         * Seeds torch's default CPU generator only; never touches CUDA.
         *
         * @param seed the seed.
         */
        void seedCpu(long seed);
    }

    /**
     * Seeds a training on a device: DJL's Java-side random source, then the torch generators the device needs.
     *
     * @param device     the training device.
     * @param seed       the seed (DJL's engine seed is an int).
     * @param generators the native operations.
     */
    static void seed(Device device, int seed, Generators generators) {
        RandomUtils.RANDOM.setSeed(seed);
        if (device.isGpu()) {
            generators.seedAll(seed);
        } else {
            generators.seedCpu(seed);
        }
    }

    /** The generators of the PyTorch loaded in this process. */
    static final Generators NATIVE = new Generators() {
        @Override
        public void seedAll(long seed) {
            JniUtils.setSeed(seed);
        }

        @Override
        public void seedCpu(long seed) {
            if (!NativeLibraries.cudaLoaded()) {
                JniUtils.setSeed(seed);
                return;
            }
            CpuGenerator g = CpuGenerator.get();
            if (g == null) {
                // Correct random numbers matter more than GPU memory: say why, and seed everything.
                JniUtils.setSeed(seed);
                return;
            }
            g.setSeed(seed);
        }
    };

    /** libtorch's default CPU generator, reached through JNA; null when its symbols cannot be found. */
    static final class CpuGenerator {
        private static volatile CpuGenerator instance;
        private static volatile boolean failed;

        private final Function defaultGenerator;
        private final Function setSeed;
        private final Function currentSeed;

        private CpuGenerator(NativeLibrary torch) {
            defaultGenerator = torch.getFunction(DEFAULT_CPU_GENERATOR);
            setSeed = torch.getFunction(SET_CURRENT_SEED);
            currentSeed = torch.getFunction(CURRENT_SEED);
        }

        /**
         * The generator of the loaded libtorch_cpu.
         *
         * @return it, or null (logged once) when libtorch_cpu is not found in the process or lacks the symbols.
         */
        static CpuGenerator get() {
            CpuGenerator g = instance;
            if (g != null || failed) {
                return g;
            }
            synchronized (CpuGenerator.class) {
                if (instance == null && !failed) {
                    DMADEngine.engine();
                    Path lib = NativeLibraries.torchCpu();
                    try {
                        if (lib == null) {
                            throw new IllegalStateException("libtorch_cpu.so is not among the loaded libraries");
                        }
                        instance = new CpuGenerator(NativeLibrary.getInstance(
                                lib.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY_NOLOAD)));
                    } catch (RuntimeException | UnsatisfiedLinkError e) {
                        failed = true;
                        LOG.log(
                                Level.WARNING,
                                "Cannot seed torch's CPU generator alone (" + e.getMessage()
                                        + "); CPU trainings seed every generator, which creates a CUDA context when a GPU "
                                        + "is visible");
                    }
                }
                return instance;
            }
        }

        private Pointer impl() {
            // getDefaultCPUGenerator returns a reference to an at::Generator, whose only field is the
            // intrusive_ptr<GeneratorImpl>, itself one pointer.
            Pointer generator = (Pointer) defaultGenerator.invoke(Pointer.class, new Object[0]);
            return generator.getPointer(0);
        }

        /**
         * Seeds the default CPU generator (callers hold the training lock).
         *
         * @param seed the seed.
         */
        void setSeed(long seed) {
            setSeed.invoke(Void.class, new Object[] {impl(), seed});
        }

        /** @return the default CPU generator's current seed. */
        long currentSeed() {
            return (Long) currentSeed.invoke(Long.class, new Object[] {impl()});
        }
    }
}
