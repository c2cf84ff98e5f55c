package org.dmad.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one place where dmad touches global engine state: loading the PyTorch engine, the OpenMP wait policy,
 * PyTorch's thread counts, the random seed, and the lock that serialises training.
 * <p>
 * DJL allows one gradient collection at a time per JVM ({@code PtGradientCollector} keeps a static flag) and its
 * random seed is global, so every training runs inside {@link #train(long, int, Supplier)}, which holds a JVM-wide
 * lock and sets the seed and thread count inside it. Scoring needs no lock.
 */
@EngineApi
public final class DMADEngine {

    /** The engine name DJL knows PyTorch by. */
    public static final String ENGINE_NAME = "PyTorch";
    /** Run provenance key: the DJL version. */
    public static final String DJL_VERSION = "djl.version";
    /** Run provenance key: the PyTorch native library version. */
    public static final String PYTORCH_VERSION = "pytorch.version";
    /** Run provenance key: the PyTorch native library flavour (cpu, cu124, ...). */
    public static final String PYTORCH_FLAVOR = "pytorch.flavor";
    /** Run provenance key: the folder the PyTorch native library was loaded from. */
    public static final String PYTORCH_LIBRARY = PytorchBuild.PYTORCH_LIBRARY;
    /** Run provenance key: the CUDA version the loaded PyTorch was built for ({@code none} for a CPU build). */
    public static final String PYTORCH_CUDA = PytorchBuild.PYTORCH_CUDA;
    /** Run provenance key: intra-op threads during the run. */
    public static final String INTRA_OP_THREADS = "pytorch.threads.intra-op";
    /** Run provenance key: inter-op threads of the engine. */
    public static final String INTER_OP_THREADS = "pytorch.threads.inter-op";
    /** Run provenance key: the physical cores dmad found (the automatic intra-op thread count). */
    public static final String PHYSICAL_CORES = "cpu.physical-cores";
    /** Run provenance key: the device the run used. */
    public static final String DEVICE = "device";
    /** Run provenance key, GPU runs only: the CUDA runtime version. */
    public static final String CUDA_VERSION = "cuda.version";
    /** Run provenance key, GPU runs only: the GPU's compute capability and memory. */
    public static final String GPU = "gpu";
    /** Run provenance key, present when the process sets it: {@code CUDA_VISIBLE_DEVICES} and who set it. */
    public static final String CUDA_VISIBLE_DEVICES = "cuda.visible-devices";
    /** System property: {@code true} hides every GPU from this JVM's PyTorch when the engine loads. */
    public static final String CPU_ONLY_PROPERTY = "dmad.cpu-only";

    private static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final String INTEROP_PROPERTY = "ai.djl.pytorch.num_interop_threads";
    private static final ReentrantLock TRAINING_LOCK = new ReentrantLock(true);
    private static final Object LOAD_LOCK = new Object();
    private static volatile Engine engine;
    private static volatile String ompWaitPolicy;
    private static volatile String cudaVisibleDevices = System.getenv("CUDA_VISIBLE_DEVICES") == null
            ? null
            : "'" + System.getenv("CUDA_VISIBLE_DEVICES") + "' (from the environment)";
    private static volatile boolean gpusHiddenByDmad;

    private DMADEngine() {}

    /** libc's setenv, reached through JNA (a DJL dependency). */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Loads the PyTorch engine once per JVM. Before the native library loads it sets {@code OMP_WAIT_POLICY=PASSIVE}
     * in the process environment unless the user set a policy (OpenMP threads otherwise spin while waiting, which
     * makes training many times slower on a busy machine; README, "Determinism and threads"), one inter-op thread and one intra-op thread per
     * physical core ({@link CpuTopology}) unless the corresponding DJL system properties are set, and offline mode so that
     * nothing is ever downloaded. The thread context class loader is set to dmad's own loader around the load,
     * because DJL finds its engine through {@code ServiceLoader} and plug-in class loaders (Weka's) hide it.
     *
     * @return the engine.
     */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (LOAD_LOCK) {
            if (engine == null) {
                prepareProcess();
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                thread.setContextClassLoader(DMADEngine.class.getClassLoader());
                try {
                    engine = Engine.getEngine(ENGINE_NAME);
                } catch (RuntimeException ex) {
                    throw new IllegalStateException("Could not start the PyTorch engine: " + ex.getMessage(), ex);
                } finally {
                    thread.setContextClassLoader(previous);
                }
            }
            return engine;
        }
    }

    /**
     * Hides every GPU from this JVM's PyTorch, for a process that uses only the CPU: before the engine loads, sets
     * {@code CUDA_VISIBLE_DEVICES} to the empty string in the process environment (libc's {@code setenv}), unless
     * the environment sets it already. A CPU training on a machine with a GPU otherwise gets a CUDA context (hundreds
     * of MiB of GPU memory, docs/PERFORMANCE.md section 12): PyTorch creates one for a visible GPU in the first
     * training steps even when every tensor lives on the CPU. The command line calls this for {@code --device cpu};
     * embedded users (Tribuo code, the Weka GUI) set the system property {@value #CPU_ONLY_PROPERTY}{@code =true}.
     * Once the engine has loaded, CUDA has read its environment and nothing changes. A later request for a GPU
     * fails, naming this as the reason.
     *
     * @return true when this JVM's PyTorch sees no GPU because of this call (now or earlier) or because the
     *     environment hides them; false when the engine had loaded already, when the environment names devices, or
     *     when {@code setenv} failed.
     */
    public static boolean hideGpus() {
        synchronized (LOAD_LOCK) {
            String env = System.getenv("CUDA_VISIBLE_DEVICES");
            if (env != null) {
                return env.isBlank();
            }
            if (gpusHiddenByDmad) {
                return true;
            }
            if (engine != null) {
                return false;
            }
            try {
                LibC libc = Native.load("c", LibC.class);
                if (libc.setenv("CUDA_VISIBLE_DEVICES", "", 1) != 0) {
                    return false;
                }
            } catch (Throwable t) {
                return false;
            }
            gpusHiddenByDmad = true;
            cudaVisibleDevices = "'' (set in-process: CPU-only run)";
            return true;
        }
    }

    /**
     * What this process's {@code CUDA_VISIBLE_DEVICES} is, as run provenance records it.
     *
     * @return the value and who set it, or null when it is not set.
     */
    public static String cudaVisibleDevices() {
        return cudaVisibleDevices;
    }

    private static void prepareProcess() {
        if (Boolean.getBoolean(CPU_ONLY_PROPERTY)) {
            hideGpus();
        }
        String policy = System.getenv("OMP_WAIT_POLICY");
        if (policy == null) {
            try {
                LibC libc = Native.load("c", LibC.class);
                libc.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
                policy = "PASSIVE (set in-process)";
            } catch (Throwable t) {
                policy = "unset (setenv failed: " + t.getMessage() + ")";
            }
        }
        ompWaitPolicy = policy;
        if (System.getProperty(INTEROP_PROPERTY) == null) {
            System.setProperty(INTEROP_PROPERTY, "1");
        }
        if (System.getProperty(THREADS_PROPERTY) == null) {
            System.setProperty(THREADS_PROPERTY, Integer.toString(defaultThreads()));
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    /**
     * The OpenMP wait policy native code runs with.
     *
     * @return the policy, with a note when dmad set it in-process.
     */
    public static String ompWaitPolicy() {
        engine();
        return ompWaitPolicy;
    }

    /**
     * The engine's starting intra-op thread count, in force for scoring until a training sets its own: the physical
     * cores ({@link CpuTopology#physicalCores()}), read once. A training with {@code threads = 0} uses {@link
     * #AUTOMATIC_TRAINING_THREADS}.
     *
     * @return the physical cores.
     */
    public static int defaultThreads() {
        return PhysicalCores.COUNT;
    }

    /** Reads /proc/cpuinfo once, on first use. */
    private static final class PhysicalCores {
        static final int COUNT = CpuTopology.physicalCores();
    }

    /**
     * The intra-op threads of a training whose {@code threads} setting is 0 (automatic): one. With
     * {@code OMP_WAIT_POLICY=PASSIVE}, a training step of the paper's networks (many short operators, each parallel
     * one waking the sleeping OpenMP thread) was faster on one thread than on two, while large matrix products, as in
     * scoring batches, gain from the second core; docs/PERFORMANCE.md (sections 1 and 6) gives the measurements.
     * Name a count to override.
     */
    public static final int AUTOMATIC_TRAINING_THREADS = 1;

    /**
     * Resolves a training's {@code threads} setting: 0 means {@link #AUTOMATIC_TRAINING_THREADS}.
     *
     * @param threads the setting, 0 or positive.
     * @return the thread count to use.
     */
    public static int resolveThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (automatic) or positive, got " + threads);
        }
        return threads == 0 ? AUTOMATIC_TRAINING_THREADS : threads;
    }

    /**
     * Sets PyTorch's intra-op thread count (a process-wide setting).
     *
     * @param threads a {@code threads} setting, 0 for automatic.
     * @return the count now in force.
     */
    public static int setThreads(int threads) {
        engine();
        int n = resolveThreads(threads);
        if (JniUtils.getNumThreads() != n) {
            JniUtils.setNumThreads(n);
        }
        return n;
    }

    /**
     * PyTorch's intra-op thread count as the calling thread sees it (OpenMP keeps the setting per thread; a thread
     * that has not run an operator yet takes the process-wide setting).
     *
     * @return the intra-op threads of the calling thread.
     */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /**
     * Runs a CPU training under the JVM-wide training lock; see {@link #train(long, int, Device, Supplier)}.
     *
     * @param seed    the random seed for PyTorch (initialisation, noise, dropout).
     * @param threads the {@code threads} setting, 0 for automatic.
     * @param body    the training.
     * @param <T>     the result type.
     * @return what the body returns.
     */
    public static <T> T train(long seed, int threads, Supplier<T> body) {
        return train(seed, threads, Device.cpu(), body);
    }

    /**
     * Runs a training under the JVM-wide training lock, with the random seed and thread count set inside the lock,
     * so that a training is bit-reproducible for the same data, seed, device and thread count. Only the generators
     * of the training's device are seeded ({@link TorchSeeding}): a CPU training seeds no CUDA generator. (On a
     * machine with a GPU a CPU training still gets a CUDA context from elsewhere in its first steps; see
     * docs/PERFORMANCE.md section 12.)
     *
     * @param seed    the random seed for PyTorch (initialisation, noise, dropout).
     * @param threads the {@code threads} setting, 0 for automatic.
     * @param device  the training device.
     * @param body    the training.
     * @param <T>     the result type.
     * @return what the body returns.
     */
    public static <T> T train(long seed, int threads, Device device, Supplier<T> body) {
        engine();
        TRAINING_LOCK.lock();
        try {
            setThreads(threads);
            TorchSeeding.seed(device, Long.hashCode(seed), TorchSeeding.NATIVE);
            return body.get();
        } finally {
            TRAINING_LOCK.unlock();
        }
    }

    /**
     * Checks the form of a device setting without starting the engine.
     *
     * @param setting {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto} (any case, surrounding blanks allowed).
     * @return the setting, trimmed and lower-cased.
     * @throws IllegalArgumentException when the setting is none of these.
     */
    public static String checkDeviceSetting(String setting) {
        String s = setting == null ? "" : setting.trim().toLowerCase(java.util.Locale.ROOT);
        if (!(s.equals("cpu") || s.equals("auto") || s.equals("gpu") || s.matches("gpu:\\d+"))) {
            throw new IllegalArgumentException("Unknown device '" + setting + "': use cpu, gpu, gpu:N or auto");
        }
        return s;
    }

    /**
     * The device setting a model scores with. The device a model was trained on is provenance, not a requirement:
     * an explicit request wins (and fails at use when it names a GPU that is not visible); without one, a model
     * scores on the device it was trained on when that device is visible here, else on the CPU. A recorded
     * {@code cpu}, a blank one (older files) or one this version cannot read resolve to the CPU; a recorded
     * {@code auto} stays {@code auto}.
     *
     * @param requested   the requested setting, or null for the default.
     * @param trained     the device setting recorded at training.
     * @param visibleGpus the number of GPUs visible (only consulted for a recorded GPU).
     * @return the setting to resolve with {@link #device(String)}.
     */
    public static String scoringSetting(String requested, String trained, java.util.function.IntSupplier visibleGpus) {
        if (requested != null) {
            return checkDeviceSetting(requested);
        }
        String t;
        try {
            t = checkDeviceSetting(trained);
        } catch (IllegalArgumentException e) {
            return "cpu";
        }
        if (t.equals("cpu") || t.equals("auto")) {
            return t;
        }
        int index = t.equals("gpu") ? 0 : Integer.parseInt(t.substring(4));
        return index < visibleGpus.getAsInt() ? t : "cpu";
    }

    /**
     * The device a model scores on ({@link #scoringSetting}); a CPU result never queries CUDA.
     *
     * @param requested the requested setting, or null for the default.
     * @param trained   the device setting recorded at training.
     * @return the device.
     */
    public static Device scoringDevice(String requested, String trained) {
        return device(scoringSetting(requested, trained, () -> engine().getGpuCount()));
    }

    /**
     * Resolves a device setting: {@code cpu}, {@code gpu} (the first GPU), {@code gpu:N}, or {@code auto} (the first
     * GPU when one is visible, else the CPU).
     *
     * @param setting the device setting.
     * @return the DJL device.
     * @throws IllegalArgumentException when the setting is malformed or names a GPU that is not visible; the message
     *                                  lists the visible devices.
     */
    public static Device device(String setting) {
        String s = checkDeviceSetting(setting);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        Engine e = engine();
        int gpus = e.getGpuCount();
        if (s.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        int index;
        if (s.equals("gpu")) {
            index = 0;
        } else if (s.matches("gpu:\\d+")) {
            index = Integer.parseInt(s.substring(4));
        } else {
            throw new IllegalArgumentException("Unknown device '" + setting + "': use cpu, gpu, gpu:N or auto");
        }
        if (index >= gpus) {
            String visible = Arrays.stream(e.getDevices()).map(Device::toString).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("Device '" + setting + "' was requested but it is not visible; "
                    + "visible devices: " + visible
                    + (gpus > 0
                            ? ""
                            : gpusHiddenByDmad
                                    ? " (no GPU: this JVM hid them for a CPU-only run before the engine loaded;"
                                            + " run GPU work in a process started without --device cpu or "
                                            + CPU_ONLY_PROPERTY + ")"
                                    : " (no GPU: is the CUDA build of PyTorch on the classpath? build with -Pgpu)"));
        }
        return Device.gpu(index);
    }

    /**
     * Engine facts for run provenance: DJL and PyTorch versions, the native flavour, thread counts and device.
     *
     * @param device  the device the run used.
     * @param threads the run's {@code threads} setting (0 for automatic).
     * @return an ordered map of facts.
     */
    public static Map<String, String> facts(Device device, int threads) {
        Engine e = engine();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(DJL_VERSION, Engine.getDjlVersion());
        // What was actually loaded: with PYTORCH_LIBRARY_PATH (a machine's own torch) the classpath's native jar
        // says nothing, so the library folder, its torch version.py and PYTORCH_FLAVOR are read too.
        facts.putAll(PytorchBuild.facts(
                System.getenv(), System.getProperties(), e.getVersion(), nativeFlavor(), NativeLibraries.loaded()));
        facts.put(INTRA_OP_THREADS, Integer.toString(resolveThreads(threads)));
        facts.put(INTER_OP_THREADS, Integer.toString(JniUtils.getNumInteropThreads()));
        facts.put(PHYSICAL_CORES, Integer.toString(defaultThreads()));
        facts.put(DEVICE, device.toString());
        if (cudaVisibleDevices != null) {
            facts.put(CUDA_VISIBLE_DEVICES, cudaVisibleDevices);
        }
        if (device.isGpu()) {
            // DJL reports no GPU model name; the compute capability and memory identify the card class.
            facts.put(CUDA_VERSION, ai.djl.util.cuda.CudaUtils.getCudaVersionString());
            facts.put(
                    GPU,
                    "compute capability " + ai.djl.util.cuda.CudaUtils.getComputeCapability(device.getDeviceId()) + ", "
                            + ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getMax() / (1 << 20)
                            + " MiB");
        }
        return facts;
    }

    /** The flavour of the DJL native jar on the classpath, or null when there is none. */
    private static String nativeFlavor() {
        try (var in = DMADEngine.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return null;
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("flavor");
        } catch (java.io.IOException ex) {
            return null;
        }
    }
}
