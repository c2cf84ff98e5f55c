package org.dmad.provenance;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Facts about the machine and runtime a result was produced on: the JVM, the operating system, the CPU and the dmad
 * version. Engine-specific facts (DJL, PyTorch, device, threads) are added by the engine that knows them.
 * <p>
 * Facts are plain strings under stable keys (see {@link #KEYS}), so that they travel through Tribuo's run
 * provenance map, OLCUT's JSON serialization and protobuf unchanged, and so that two records can be compared key
 * by key to say which fact differs.
 */
public final class EnvironmentProvenance {

    /** Key of the dmad version. */
    public static final String DMAD_VERSION = "dmad.version";
    /** Key of the Java runtime version. */
    public static final String JAVA_VERSION = "java.version";
    /** Key of the Java runtime vendor. */
    public static final String JAVA_VENDOR = "java.vendor";
    /** Key of the operating system name and version. */
    public static final String OS = "os";
    /** Key of the CPU architecture. */
    public static final String ARCH = "os.arch";
    /** Key of the CPU model name, where the OS tells it. */
    public static final String CPU_MODEL = "cpu.model";
    /** Key of the number of processors the JVM sees. */
    public static final String CPU_COUNT = "cpu.available-processors";
    /** Key of the git commit of the dmad checkout the classes were loaded from, when they come from one. */
    public static final String GIT_COMMIT = "dmad.git-commit";
    /** Key of the OpenMP wait policy in force for native code. */
    public static final String OMP_WAIT_POLICY = "env.OMP_WAIT_POLICY";

    /** Every key this class fills, in the order it fills them. */
    public static final java.util.List<String> KEYS = java.util.List.of(
            DMAD_VERSION, GIT_COMMIT, JAVA_VERSION, JAVA_VENDOR, OS, ARCH, CPU_MODEL, CPU_COUNT, OMP_WAIT_POLICY);

    private static final String UNKNOWN = "unknown";
    private static final Map<String, String> STATIC_FACTS = readStaticFacts();

    private EnvironmentProvenance() {}

    /**
     * The version of dmad on the classpath.
     *
     * @return the version, or "unknown" when the jar's metadata is missing.
     */
    public static String dmadVersion() {
        return STATIC_FACTS.get(DMAD_VERSION);
    }

    /**
     * The environment facts as an ordered string map. The OpenMP wait policy is read at call time because the
     * engine may set it in-process.
     *
     * @param ompWaitPolicy the wait policy native code runs with, or null to read the process environment.
     * @return an unmodifiable map from the keys in {@link #KEYS} to their values.
     */
    public static Map<String, String> facts(String ompWaitPolicy) {
        Map<String, String> facts = new LinkedHashMap<>(STATIC_FACTS);
        String policy = ompWaitPolicy != null ? ompWaitPolicy : System.getenv("OMP_WAIT_POLICY");
        facts.put(OMP_WAIT_POLICY, policy == null ? "unset" : policy);
        return Collections.unmodifiableMap(facts);
    }

    /**
     * Converts string facts into entries of a Tribuo run provenance map.
     *
     * @param facts the facts.
     * @return a new mutable map of {@link StringProvenance} values under the same keys.
     */
    public static Map<String, Provenance> toProvenance(Map<String, String> facts) {
        Map<String, Provenance> out = new LinkedHashMap<>();
        facts.forEach((k, v) -> out.put(k, new StringProvenance(k, v)));
        return out;
    }

    /**
     * Reads string facts back from a run provenance map (the inverse of {@link #toProvenance(Map)}).
     *
     * @param provenance a run provenance map.
     * @return the string-valued entries, in the map's order.
     */
    public static Map<String, String> fromProvenance(Map<String, ? extends Provenance> provenance) {
        Map<String, String> out = new LinkedHashMap<>();
        provenance.forEach((k, v) -> {
            if (v instanceof StringProvenance s) {
                out.put(k, s.getValue());
            }
        });
        return out;
    }

    /** Key of the PyTorch version actually loaded. */
    public static final String PYTORCH_VERSION = "pytorch.version";
    /** Key of the PyTorch build flavour actually loaded: {@code cpu}, {@code cu124}, {@code cu130}, ... */
    public static final String PYTORCH_FLAVOR = "pytorch.flavor";
    /** Key of the folder the PyTorch native library was loaded from. */
    public static final String PYTORCH_LIBRARY = "pytorch.library-path";
    /** Key of the CUDA version the loaded PyTorch was built for ({@code none} for a CPU build). */
    public static final String PYTORCH_CUDA = "pytorch.cuda";
    /** Key of where dmad learnt the flavour (org.dmad.engine.PytorchBuild). */
    public static final String PYTORCH_FLAVOR_SOURCE = "pytorch.flavor.source";

    private static Map<String, String> readStaticFacts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(DMAD_VERSION, readDmadVersion());
        facts.put(GIT_COMMIT, readGitCommit());
        facts.put(JAVA_VERSION, System.getProperty("java.version", UNKNOWN));
        facts.put(JAVA_VENDOR, System.getProperty("java.vendor", UNKNOWN));
        facts.put(OS, System.getProperty("os.name", UNKNOWN) + " " + System.getProperty("os.version", ""));
        facts.put(ARCH, System.getProperty("os.arch", UNKNOWN));
        facts.put(CPU_MODEL, readCpuModel());
        facts.put(CPU_COUNT, Integer.toString(Runtime.getRuntime().availableProcessors()));
        return facts;
    }

    private static String readDmadVersion() {
        try (InputStream in = EnvironmentProvenance.class.getResourceAsStream("dmad.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(DMAD_VERSION, UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /**
     * The commit checked out where dmad's classes were loaded from (a build inside a git working tree, as
     * {@code ./dmad} and the tests run); "unknown" for an installed jar. Reads .git/HEAD and the ref it names
     * (loose or packed) without running git.
     */
    private static String readGitCommit() {
        try {
            Path here = Path.of(EnvironmentProvenance.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                Path git = dir.resolve(".git");
                if (Files.isDirectory(git)) {
                    String head = Files.readString(git.resolve("HEAD")).trim();
                    if (!head.startsWith("ref: ")) {
                        return head;
                    }
                    String ref = head.substring(5);
                    Path loose = git.resolve(ref);
                    if (Files.isRegularFile(loose)) {
                        return Files.readString(loose).trim();
                    }
                    Path packed = git.resolve("packed-refs");
                    if (Files.isRegularFile(packed)) {
                        for (String line : Files.readAllLines(packed)) {
                            if (line.endsWith(" " + ref)) {
                                return line.substring(0, line.indexOf(' '));
                            }
                        }
                    }
                    return UNKNOWN;
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    private static String readCpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return UNKNOWN;
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(UNKNOWN);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
