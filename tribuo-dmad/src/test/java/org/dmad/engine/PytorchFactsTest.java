package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What PyTorch was actually loaded, from simulated environments, properties and process library lists. */
class PytorchFactsTest {

    private static Map<String, String> facts(
            Map<String, String> env, Properties props, String djlVersion, String bundled, List<String> loaded) {
        return PytorchBuild.facts(env, props, djlVersion, bundled, loaded);
    }

    @Test
    void aPipTorchFromPytorchLibraryPathIsReadFromItsVersionFile(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("site-packages/torch/lib"));
        Files.writeString(
                lib.resolveSibling("version.py"),
                String.join(
                        "\n",
                        "from typing import Optional",
                        "",
                        "__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip']",
                        "__version__ = '2.11.0+cu130'",
                        "debug = False",
                        "cuda: Optional[str] = '13.0'",
                        "git_version = 'abc'",
                        "hip: Optional[str] = None",
                        ""));
        Map<String, String> f = facts(
                Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_VERSION", "2.11.0"),
                new Properties(),
                "2.11.0",
                null,
                List.of(
                        "/usr/lib/libc.so.6",
                        lib.resolve("libtorch_cpu.so").toString(),
                        lib.resolve("libtorch_cuda.so").toString()));
        assertEquals("2.11.0+cu130", f.get(PytorchBuild.PYTORCH_VERSION));
        assertEquals("cu130", f.get(PytorchBuild.PYTORCH_FLAVOR));
        assertEquals("13.0", f.get(PytorchBuild.PYTORCH_CUDA));
        assertEquals(lib.toString(), f.get(PytorchBuild.PYTORCH_LIBRARY));
        assertEquals("version.py", f.get(PytorchBuild.PYTORCH_FLAVOR_SOURCE));
    }

    @Test
    void aCpuPipTorchWithoutALocalSuffixIsCpu(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("torch/lib"));
        Files.writeString(lib.resolveSibling("version.py"), "__version__ = \"2.13.0\"\ncuda = None\n");
        Map<String, String> f = facts(
                Map.of(),
                new Properties(),
                "2.13.0",
                null,
                List.of(lib.resolve("libtorch_cpu.so").toString()));
        assertEquals("2.13.0", f.get(PytorchBuild.PYTORCH_VERSION));
        assertEquals("cpu", f.get(PytorchBuild.PYTORCH_FLAVOR));
        assertEquals("none", f.get(PytorchBuild.PYTORCH_CUDA));
    }

    @Test
    void withoutAVersionFileTheFlavorVariableDjlReadsIsRecorded(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Properties props = new Properties();
        props.setProperty("PYTORCH_LIBRARY_PATH", lib.toString());
        props.setProperty("PYTORCH_FLAVOR", "cu124");
        Map<String, String> f = facts(Map.of(), props, "2.5.1", "cpu", List.of());
        assertEquals("cu124", f.get(PytorchBuild.PYTORCH_FLAVOR));
        assertEquals("12.4", f.get(PytorchBuild.PYTORCH_CUDA));
        assertEquals(lib.toString(), f.get(PytorchBuild.PYTORCH_LIBRARY));
        assertEquals("PYTORCH_FLAVOR", f.get(PytorchBuild.PYTORCH_FLAVOR_SOURCE));
        assertEquals("2.5.1", f.get(PytorchBuild.PYTORCH_VERSION));
    }

    @Test
    void djlsOwnNativeJarGivesTheFlavorWhenLoadedFromItsCache() {
        String cache = "/root/.djl.ai/pytorch/2.5.1-20241113-cpu-linux-x86_64";
        Map<String, String> f = facts(
                Map.of(), new Properties(), "2.5.1", "cpu", List.of(cache + "/libc10.so", cache + "/libtorch_cpu.so"));
        assertEquals("cpu", f.get(PytorchBuild.PYTORCH_FLAVOR));
        assertEquals("none", f.get(PytorchBuild.PYTORCH_CUDA));
        assertEquals(cache, f.get(PytorchBuild.PYTORCH_LIBRARY));
        assertEquals("djl-native-jar", f.get(PytorchBuild.PYTORCH_FLAVOR_SOURCE));
    }

    @Test
    void theCacheFolderNameAndThenTheLoadedLibrariesAreTheLastResorts() {
        String cache = "/c/pytorch/2.5.1-cu124-linux-x86_64";
        Map<String, String> f = facts(Map.of(), new Properties(), "2.5.1", null, List.of(cache + "/libtorch_cpu.so"));
        assertEquals("cu124", f.get(PytorchBuild.PYTORCH_FLAVOR));
        assertEquals("djl-cache", f.get(PytorchBuild.PYTORCH_FLAVOR_SOURCE));
        Map<String, String> g = facts(
                Map.of(),
                new Properties(),
                "2.5.1",
                null,
                List.of("/opt/t/libtorch_cpu.so", "/opt/t/libtorch_cuda.so"));
        assertEquals("cuda", g.get(PytorchBuild.PYTORCH_FLAVOR));
        assertEquals("unknown", g.get(PytorchBuild.PYTORCH_CUDA));
        assertEquals("loaded-libraries", g.get(PytorchBuild.PYTORCH_FLAVOR_SOURCE));
        Map<String, String> none = facts(Map.of(), new Properties(), null, null, List.of());
        assertEquals("unknown", none.get(PytorchBuild.PYTORCH_FLAVOR));
        assertEquals("unknown", none.get(PytorchBuild.PYTORCH_LIBRARY));
        assertEquals("unknown", none.get(PytorchBuild.PYTORCH_VERSION));
    }
}
