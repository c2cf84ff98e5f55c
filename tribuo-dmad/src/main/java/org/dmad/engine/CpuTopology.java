package org.dmad.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The machine's physical core count, which dmad uses as PyTorch's automatic intra-op thread count: a matrix multiply
 * gains nothing from a core's second hardware thread (both share one set of vector units), and an OpenMP team larger
 * than the cores only adds synchronisation.
 */
public final class CpuTopology {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private CpuTopology() {}

    /**
     * The physical cores this process may use: distinct (physical id, core id) pairs in {@code /proc/cpuinfo}, at
     * most the processors the JVM sees (a container or affinity mask may allow fewer); the JVM's processor count
     * where {@code /proc/cpuinfo} is missing or does not describe cores (other systems, some virtual machines).
     *
     * @return at least 1.
     */
    public static int physicalCores() {
        int available = Runtime.getRuntime().availableProcessors();
        try {
            return physicalCores(Files.readString(CPUINFO), available);
        } catch (IOException | RuntimeException e) {
            return available;
        }
    }

    /**
     * Counts physical cores in the text of a {@code /proc/cpuinfo}.
     *
     * @param cpuinfo   the file's text: one block per logical processor, blocks separated by blank lines.
     * @param available the processors the JVM sees, the answer's upper bound and the fallback.
     * @return distinct (physical id, core id) pairs, capped at {@code available}; {@code available} when some
     *         processor block names no core id.
     */
    static int physicalCores(String cpuinfo, int available) {
        Set<String> cores = new HashSet<>();
        int processors = 0;
        String physicalId = "0";
        String coreId = null;
        boolean inBlock = false;
        boolean complete = true;
        for (String line : (cpuinfo + "\n\n").split("\n", -1)) {
            int colon = line.indexOf(':');
            if (line.isBlank()) {
                if (inBlock) {
                    processors++;
                    if (coreId == null) {
                        complete = false;
                    } else {
                        cores.add(physicalId + "/" + coreId);
                    }
                }
                inBlock = false;
                physicalId = "0";
                coreId = null;
                continue;
            }
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> inBlock = true;
                case "physical id" -> physicalId = value;
                case "core id" -> coreId = value;
                default -> {}
            }
        }
        if (processors == 0 || !complete || cores.isEmpty()) {
            return Math.max(1, available);
        }
        return Math.max(1, Math.min(cores.size(), available));
    }
}
