package org.dmad.evaluation.cli;

import picocli.CommandLine.Option;

/** The engine options shared by the commands that train: PyTorch threads and the device. */
final class EngineOptions {

    /**
     * The description of the training profiles, shared by the commands' {@code --profile} options (whose defaults
     * differ: {@code bench} is quick, {@code train} paper).
     */
    static final String PROFILES = "quick (short trainings), paper (published settings) or budget (published settings "
            + "under a 30,000-step budget)";

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "PyTorch intra-op threads, 0 = automatic: 1 for training, measured faster than 2 for these "
                    + "networks (docs/PERFORMANCE.md); on series (--task timeseries) the baselines (iforest, ocsvm, "
                    + "pca, kmeans-ad and their sub- forms) score their windows on as many Java threads, with the same "
                    + "scores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            defaultValue = "cpu",
            description = "cpu, gpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
    String device;

    /**
     * For a run on the CPU, hides every GPU from this JVM's PyTorch before the engine loads ({@link
     * org.dmad.engine.DMADEngine#hideGpus}), so that a CPU run on a machine with a GPU takes no GPU memory.
     */
    void hideGpusForCpuRun() {
        if (device != null && device.trim().equalsIgnoreCase("cpu")) {
            org.dmad.engine.DMADEngine.hideGpus();
        }
    }
}
