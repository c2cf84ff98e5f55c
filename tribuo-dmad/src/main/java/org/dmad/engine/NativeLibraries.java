package org.dmad.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The native libraries loaded in this process, read from {@code /proc/self/maps} (Linux): which PyTorch was
 * actually loaded, from where, and whether its CUDA library is among them.
 */
final class NativeLibraries {

    private static final Path MAPS = Path.of("/proc/self/maps");

    private NativeLibraries() {}

    /**
     * The paths of the shared objects mapped into this process, in first-mapped order.
     *
     * @return the paths, empty where {@code /proc/self/maps} cannot be read.
     */
    static List<String> loaded() {
        if (!Files.isReadable(MAPS)) {
            return List.of();
        }
        try {
            return parseMaps(Files.readAllLines(MAPS));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The distinct {@code .so} paths of {@code /proc/<pid>/maps} lines.
     *
     * @param lines the lines.
     * @return the paths, in first-seen order.
     */
    static List<String> parseMaps(List<String> lines) {
        Set<String> paths = new LinkedHashSet<>();
        for (String line : lines) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String path = line.substring(slash).trim();
            if (path.endsWith(" (deleted)")) {
                path = path.substring(0, path.length() - " (deleted)".length());
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.contains(".so")) {
                paths.add(path);
            }
        }
        return new ArrayList<>(paths);
    }

    /**
     * The first loaded library whose file name starts with a prefix followed by {@code .so}.
     *
     * @param libraries loaded library paths.
     * @param base      the name without {@code .so}, e.g. {@code libtorch_cpu}.
     * @return the path, or null.
     */
    static String find(List<String> libraries, String base) {
        for (String path : libraries) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.equals(base + ".so")
                    || name.startsWith(base + ".so.")
                    || name.startsWith(base + "-") && name.contains(".so")) {
                return path;
            }
        }
        return null;
    }

    /** @return the loaded libtorch_cpu.so, or null. */
    static Path torchCpu() {
        String p = find(loaded(), "libtorch_cpu");
        return p == null ? null : Path.of(p);
    }

    /** @return whether PyTorch's CUDA library (libtorch_cuda.so) is loaded in this process. */
    static boolean cudaLoaded() {
        return find(loaded(), "libtorch_cuda") != null;
    }
}
