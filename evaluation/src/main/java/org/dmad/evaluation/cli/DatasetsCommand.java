package org.dmad.evaluation.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmad.evaluation.data.AdbenchDownload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dmad datasets}: list and download benchmark datasets. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "Lists or downloads benchmark datasets.",
        subcommands = {DatasetsCommand.ListDatasets.class, DatasetsCommand.Download.class})
final class DatasetsCommand implements Runnable {

    @Override
    public void run() {
        new ListDatasets().run();
    }

    /** {@code dmad datasets list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists ADBench's classical datasets.")
    static final class ListDatasets implements Runnable {
        @Override
        public void run() {
            System.out.println("ADBench classical datasets (dmad datasets download adbench --to DIR):");
            AdbenchDownload.manifest()
                    .values()
                    .forEach(e -> System.out.printf("  %-20s %,12d bytes%n", e.name(), e.bytes()));
        }
    }

    /** {@code dmad datasets download adbench --to DIR}. */
    @Command(
            name = "download",
            mixinStandardHelpOptions = true,
            description = "Downloads ADBench's classical datasets and verifies their SHA-256.")
    static final class Download implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SUITE", description = "adbench")
        private String suite;

        @Option(names = "--to", required = true, paramLabel = "DIR", description = "Target folder.")
        private Path to;

        @Option(
                names = "--only",
                split = ",",
                paramLabel = "NAMES",
                description = "Comma-separated dataset names (default: all 28).")
        private List<String> only = new ArrayList<>();

        @Option(
                names = "--base-url",
                paramLabel = "URL",
                description = "Where to fetch from (default: ADBench's " + "GitHub repository).",
                defaultValue = AdbenchDownload.DEFAULT_BASE_URL)
        private String baseUrl;

        @Override
        public Integer call() throws Exception {
            if (!suite.equalsIgnoreCase("adbench")) {
                throw new IllegalArgumentException("Unknown dataset suite '" + suite + "': use adbench");
            }
            // Before anything is downloaded: --to must be a folder that exists or can be made, and writable.
            OutputPaths.checkFolderOutput("--to", to, List.of(), List.of());
            var outcomes = AdbenchDownload.download(only, to, baseUrl, System.out::println);
            long failed = outcomes.stream()
                    .filter(o -> o.status().startsWith("failed"))
                    .count();
            System.out.println(
                    (outcomes.size() - failed) + " of " + outcomes.size() + " files ready in " + to.toAbsolutePath());
            return failed == 0 ? 0 : 1;
        }
    }
}
