package org.dmad.evaluation.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dmad detectors}: the detector registry, as text or as README's Markdown table. */
@Command(
        name = "detectors",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the detectors: name, task (a tabular detector also runs on series, on flattened windows), family, "
                    + "the tasks whose --detectors all runs it, Tribuo trainer, Weka classifier and description. "
                    + "--markdown prints README's detector table; --config NAME prints the OLCUT XML configuration of a "
                    + "detector's trainer (written from the trainer: no sample file needed)."
        })
final class DetectorsCommand implements Callable<Integer> {

    @Option(names = "--markdown", description = "Print the Markdown table README.md carries between its markers.")
    private boolean markdown;

    @Option(
            names = "--config",
            paramLabel = "NAME",
            description =
                    "Print the OLCUT XML configuration of this detector's trainer, as the paper profile builds it "
                            + "(every @Config setting; Tribuo's ConfigurationManager loads it, the component is named NAME).")
    private String config;

    @Option(
            names = "--window",
            paramLabel = "N",
            defaultValue = "100",
            description =
                    "With --config, the window length of a time-series detector's trainer (default: ${DEFAULT-VALUE}).")
    private int window;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (config != null) {
            if (window < 1) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--window must be at least 1, got " + window);
            }
            DetectorRegistry.Detector detector;
            try {
                detector = DetectorRegistry.get(config);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            out.print(org.dmad.evaluation.detectors.TrainerConfiguration.xml(detector, window));
            out.flush();
            return 0;
        }
        out.print(markdown ? DetectorRegistry.markdownTable() : text(DetectorRegistry.detectors()));
        out.flush();
        return 0;
    }

    /**
     * The registry as aligned text.
     *
     * @param detectors the detectors.
     * @return one line per detector after a header.
     */
    static String text(List<DetectorRegistry.Detector> detectors) {
        String[] header = {"detector", "task", "family", "in all", "Tribuo trainer", "Weka classifier", "description"};
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(header);
        for (DetectorRegistry.Detector d : detectors) {
            rows.add(new String[] {
                d.name(),
                d.task().cliName(),
                d.family(),
                d.inAll().isEmpty()
                        ? "-"
                        : java.util.Arrays.stream(Task.values())
                                .filter(d.inAll()::contains)
                                .map(Task::cliName)
                                .collect(Collectors.joining(",")),
                d.trainer(),
                d.wekaClassifier() == null ? "-" : d.wekaClassifier(),
                d.description()
            });
        }
        int[] width = new int[header.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length - 1; i++) {
                b.append(r[i]).append(" ".repeat(width[i] - r[i].length() + 2));
            }
            b.append(r[r.length - 1]).append(System.lineSeparator());
        }
        return b.toString();
    }
}
