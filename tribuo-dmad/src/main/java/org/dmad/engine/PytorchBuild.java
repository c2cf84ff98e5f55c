package org.dmad.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What PyTorch build a process loaded, for run provenance: version, flavour, CUDA version and library folder, read
 * from what the process can see (its loaded libraries, torch's {@code version.py}, DJL's environment variables).
 */
@EngineApi
public final class PytorchBuild {

    /** Key of the PyTorch version actually loaded. */
    public static final String PYTORCH_VERSION = "pytorch.version";
    /** Key of the PyTorch build flavour actually loaded: {@code cpu}, {@code cu124}, {@code cu130}, ... */
    public static final String PYTORCH_FLAVOR = "pytorch.flavor";
    /** Key of the folder the PyTorch native library was loaded from. */
    public static final String PYTORCH_LIBRARY = "pytorch.library-path";
    /** Key of the CUDA version the loaded PyTorch was built for ({@code none} for a CPU build). */
    public static final String PYTORCH_CUDA = "pytorch.cuda";
    /** Key of where dmad learnt the flavour (see {@link #facts}). */
    public static final String PYTORCH_FLAVOR_SOURCE = "pytorch.flavor.source";
    /** The value of a fact that could not be found. */
    public static final String UNKNOWN = "unknown";

    private PytorchBuild() {}

    /**
     * What PyTorch was actually loaded, from the facts a process can see. The library folder is the one holding the
     * loaded {@code libtorch_cpu.so} (else {@code PYTORCH_LIBRARY_PATH}, else unknown). Version, flavour and CUDA
     * version come from the first of:
     * <ol>
     *   <li>{@code version.py} next to that folder (a pip/conda torch: {@code torch/lib/../version.py}, with
     *       {@code __version__ = '2.11.0+cu130'} and {@code cuda = '13.0'} or {@code None}): source
     *       {@code version.py};</li>
     *   <li>the {@code PYTORCH_FLAVOR} environment variable or system property, which DJL reads with
     *       {@code PYTORCH_LIBRARY_PATH}: source {@code PYTORCH_FLAVOR};</li>
     *   <li>the flavour in the DJL native jar on the classpath, when the library was loaded from DJL's cache:
     *       source {@code djl-native-jar};</li>
     *   <li>the folder name of DJL's cache ({@code <version>-<flavour>-<os>-<arch>}): source {@code djl-cache};</li>
     *   <li>the loaded libraries: {@code libtorch_cuda.so} loaded means a CUDA build of unknown version
     *       ({@code cuda}), else {@code cpu}: source {@code loaded-libraries}.</li>
     * </ol>
     * A {@code cuNNN} flavour gives the CUDA version N.N (cu124 = 12.4); a {@code cpu} flavour gives {@code none}.
     *
     * @param env             the environment variables.
     * @param properties      the system properties.
     * @param djlVersion      the PyTorch version DJL reports.
     * @param bundledFlavor   the flavour in the classpath's DJL native jar, or null when there is none.
     * @param loadedLibraries the paths of the native libraries loaded in the process.
     * @return the facts under {@link #PYTORCH_VERSION}, {@link #PYTORCH_FLAVOR}, {@link #PYTORCH_CUDA},
     * {@link #PYTORCH_LIBRARY} and {@link #PYTORCH_FLAVOR_SOURCE}.
     */
    public static Map<String, String> facts(
            Map<String, String> env,
            Properties properties,
            String djlVersion,
            String bundledFlavor,
            java.util.List<String> loadedLibraries) {
        Path library = null;
        boolean cudaLoaded = false;
        for (String lib : loadedLibraries) {
            String name = lib.substring(lib.lastIndexOf('/') + 1);
            if (library == null && (name.equals("libtorch_cpu.so") || name.startsWith("libtorch_cpu.so."))) {
                library = Path.of(lib).getParent();
            }
            if (name.equals("libtorch_cuda.so") || name.startsWith("libtorch_cuda.so.")) {
                cudaLoaded = true;
            }
        }
        String libraryPath = env.get("PYTORCH_LIBRARY_PATH");
        if (libraryPath == null) {
            libraryPath = properties.getProperty("PYTORCH_LIBRARY_PATH");
        }
        if (library == null && libraryPath != null && !libraryPath.isBlank()) {
            library = Path.of(libraryPath);
        }
        String version = djlVersion == null ? UNKNOWN : djlVersion;
        String flavor = null;
        String cuda = null;
        String source = null;
        Map<String, String> pip = library == null ? Map.of() : readVersionPy(library.resolveSibling("version.py"));
        if (pip.containsKey("__version__")) {
            version = pip.get("__version__");
            String cudaField = pip.get("cuda");
            int plus = version.indexOf('+');
            if (plus >= 0) {
                flavor = version.substring(plus + 1);
            } else if (cudaField != null) {
                flavor = "cu" + cudaField.replace(".", "");
            } else {
                flavor = "cpu";
            }
            cuda = cudaField;
            source = "version.py";
        }
        if (flavor == null) {
            String f = env.get("PYTORCH_FLAVOR");
            if (f == null) {
                f = properties.getProperty("PYTORCH_FLAVOR");
            }
            if (f != null && !f.isBlank()) {
                flavor = f.trim();
                source = "PYTORCH_FLAVOR";
            }
        }
        boolean fromDjlCache = libraryPath == null || libraryPath.isBlank();
        if (flavor == null && bundledFlavor != null && fromDjlCache) {
            flavor = bundledFlavor;
            source = "djl-native-jar";
        }
        if (flavor == null && library != null && library.getFileName() != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "^[0-9][^-]*(?:-[0-9]+)?-(cpu|cu[0-9]+)(?:-.*)?$")
                    .matcher(library.getFileName().toString());
            if (m.matches()) {
                flavor = m.group(1);
                source = "djl-cache";
            }
        }
        if (flavor == null && !loadedLibraries.isEmpty()) {
            flavor = cudaLoaded ? "cuda" : "cpu";
            source = "loaded-libraries";
        }
        if (cuda == null && flavor != null) {
            if (flavor.matches("cu[0-9]{3,}")) {
                String digits = flavor.substring(2);
                cuda = digits.substring(0, digits.length() - 1) + "." + digits.substring(digits.length() - 1);
            } else if (flavor.startsWith("cpu")) {
                cuda = "none";
            }
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(PYTORCH_VERSION, version);
        facts.put(PYTORCH_FLAVOR, flavor == null ? UNKNOWN : flavor);
        facts.put(PYTORCH_CUDA, cuda == null ? UNKNOWN : cuda);
        facts.put(PYTORCH_LIBRARY, library == null ? UNKNOWN : library.toString());
        facts.put(PYTORCH_FLAVOR_SOURCE, source == null ? UNKNOWN : source);
        return facts;
    }

    /** The {@code name = 'value'} (or {@code None}) assignments of a torch {@code version.py}; empty if absent. */
    private static Map<String, String> readVersionPy(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        java.util.regex.Pattern assignment =
                java.util.regex.Pattern.compile("^(\\w+)\\s*(?::[^=]*)?=\\s*(?:'([^']*)'|\"([^\"]*)\"|None)\\s*$");
        try {
            for (String line : Files.readAllLines(file)) {
                java.util.regex.Matcher m = assignment.matcher(line.trim());
                if (m.matches()) {
                    String value = m.group(2) != null ? m.group(2) : m.group(3);
                    if (value != null) {
                        out.put(m.group(1), value);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }
}
