package org.dmad.evaluation.cli;

import picocli.CommandLine.Option;

/** The engine options shared by the commands that train: PyTorch threads and the device. */
final class EngineOptions {

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "PyTorch intra-op threads, 0 = automatic: 1 for training, measured faster than 2 for these "
                    + "networks (docs/PERFORMANCE.md) (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            defaultValue = "cpu",
            description = "cpu, gpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
    String device;
}
