package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A CPU-only process hides the GPUs from PyTorch before the engine loads ({@link DMADEngine#hideGpus}), which is what
 * keeps a {@code --device cpu} run on a GPU machine from taking GPU memory. Each case runs in a JVM of its own,
 * because the environment CUDA reads is fixed once the engine has loaded. What CUDA does with the empty variable
 * (no device, no context) needs a GPU to observe; here the process environment, the provenance and the messages are
 * checked.
 */
class GpuHidingTest {

    /** libc's getenv, to read the process environment as native code sees it (System.getenv is a startup copy). */
    interface LibC extends Library {
        String getenv(String name);
    }

    /** The probe run in a fresh JVM: prints one line per fact. */
    public static final class Probe {
        public static void main(String[] args) {
            boolean hiddenBefore = args[0].equals("hide-first") && DMADEngine.hideGpus();
            DMADEngine.engine();
            boolean hiddenAfter = args[0].equals("engine-first") && DMADEngine.hideGpus();
            LibC libc = Native.load("c", LibC.class);
            Map<String, String> facts = DMADEngine.facts(Device.cpu(), 1);
            System.out.println("hidden-before=" + hiddenBefore);
            System.out.println("hidden-after=" + hiddenAfter);
            System.out.println("env=" + libc.getenv("CUDA_VISIBLE_DEVICES"));
            System.out.println("fact=" + facts.get(DMADEngine.CUDA_VISIBLE_DEVICES));
            System.out.println("gpus=" + DMADEngine.engine().getGpuCount());
            try {
                DMADEngine.device("gpu");
                System.out.println("gpu=visible");
            } catch (IllegalArgumentException e) {
                System.out.println("gpu=" + e.getMessage());
            }
        }
    }

    private static List<String> probe(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
        int i = 0;
        while (i < args.length && args[i].startsWith("-D")) {
            cmd.add(args[i++]);
        }
        cmd.add(Probe.class.getName());
        cmd.add(args[i]);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("CUDA_VISIBLE_DEVICES");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    private static String value(List<String> lines, String key) {
        return lines.stream()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in " + lines));
    }

    @Test
    void hidingBeforeTheEngineLoadsEmptiesCudaVisibleDevicesAndRecordsIt() throws Exception {
        List<String> out = probe(Map.of(), "hide-first");
        assertEquals("true", value(out, "hidden-before"), out.toString());
        assertEquals("", value(out, "env"), out.toString());
        assertEquals("'' (set in-process: CPU-only run)", value(out, "fact"));
        assertEquals("0", value(out, "gpus"));
        assertTrue(value(out, "gpu").contains("hid them for a CPU-only run"), out.toString());
    }

    @Test
    void theSystemPropertyHidesThemForEmbeddedUse() throws Exception {
        List<String> out = probe(Map.of(), "-D" + DMADEngine.CPU_ONLY_PROPERTY + "=true", "none");
        assertEquals("", value(out, "env"), out.toString());
        assertEquals("'' (set in-process: CPU-only run)", value(out, "fact"));
    }

    @Test
    void afterTheEngineLoadedNothingChanges() throws Exception {
        List<String> out = probe(Map.of(), "engine-first");
        assertEquals("false", value(out, "hidden-after"), out.toString());
        assertEquals("null", value(out, "env"), out.toString());
        assertEquals("null", value(out, "fact"), out.toString());
    }

    @Test
    void theUsersOwnSettingIsKeptAndRecorded() throws Exception {
        List<String> out = probe(Map.of("CUDA_VISIBLE_DEVICES", "1"), "hide-first");
        assertEquals("false", value(out, "hidden-before"), out.toString());
        assertEquals("1", value(out, "env"), out.toString());
        assertEquals("'1' (from the environment)", value(out, "fact"));
    }
}
