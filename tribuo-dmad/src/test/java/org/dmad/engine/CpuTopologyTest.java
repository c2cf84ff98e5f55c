package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuTopologyTest {

    private static String processor(int id, int physical, int core) {
        return "processor\t: " + id + "\nvendor_id\t: GenuineIntel\nmodel name\t: Test CPU\nphysical id\t: " + physical
                + "\nsiblings\t: 4\ncore id\t\t: " + core + "\ncpu cores\t: 2\nflags\t\t: fpu avx2\n\n";
    }

    @Test
    void hyperThreadsShareACore() {
        // One socket, 2 cores, 2 hardware threads each: logical 0 and 2 on core 0, 1 and 3 on core 1.
        String cpuinfo = processor(0, 0, 0) + processor(1, 0, 1) + processor(2, 0, 0) + processor(3, 0, 1);
        assertEquals(2, CpuTopology.physicalCores(cpuinfo, 4));
    }

    @Test
    void socketsAreCountedApartAndTheJvmLimitCaps() {
        String cpuinfo = processor(0, 0, 0) + processor(1, 0, 1) + processor(2, 1, 0) + processor(3, 1, 1);
        assertEquals(4, CpuTopology.physicalCores(cpuinfo, 4));
        // A container allowed 3 processors: never more threads than that.
        assertEquals(3, CpuTopology.physicalCores(cpuinfo, 3));
    }

    @Test
    void withoutCoreIdsTheJvmCountIsUsed() {
        String arm = "processor\t: 0\nBogoMIPS\t: 50.00\n\nprocessor\t: 1\nBogoMIPS\t: 50.00\n\nHardware\t: x\n";
        assertEquals(2, CpuTopology.physicalCores(arm, 2));
        assertEquals(5, CpuTopology.physicalCores("", 5));
        assertEquals(1, CpuTopology.physicalCores("garbage without colons", 0));
    }

    @Test
    void thisMachineHasAtLeastOneCoreAndTheEngineUsesIt() {
        int cores = CpuTopology.physicalCores();
        assertTrue(cores >= 1 && cores <= Runtime.getRuntime().availableProcessors());
        assertEquals(cores, DMADEngine.defaultThreads());
        assertEquals(
                Integer.toString(cores),
                DMADEngine.facts(DMADEngine.device("cpu"), 0).get(DMADEngine.PHYSICAL_CORES));
        assertEquals("1", DMADEngine.facts(DMADEngine.device("cpu"), 0).get(DMADEngine.INTER_OP_THREADS));
    }
}
