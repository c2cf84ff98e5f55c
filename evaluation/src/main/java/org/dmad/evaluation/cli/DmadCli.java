package org.dmad.evaluation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dmad} command line: the comparative benchmark, everyday training and scoring, and datasets. Errors
 * print one line naming the problem and exit with status 1 (set {@code DMAD_DEBUG=1} for stack traces); usage
 * errors exit with status 2.
 */
@Command(name = "dmad", mixinStandardHelpOptions = true, versionProvider = DmadCli.Version.class,
        description = "Diffusion-model anomaly detection on the JVM (Tribuo, Weka, DJL/PyTorch).",
        subcommands = {BenchCommand.class, TrainCommand.class, ScoreCommand.class, DatasetsCommand.class,
                ReproduceCommand.class, ProvenanceCommand.class, CompareCommand.class, PerfCommand.class,
                CommandLine.HelpCommand.class})
public final class DmadCli implements Runnable {

    /** Weka's matrix library logs that it falls back to pure Java: not news to users. Held so JUL keeps it. */
    private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger(
            "com.github.fommil");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a subcommand: bench, train, score or "
                + "datasets (dmad help for details)");
    }

    /** Prints the dmad version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dmad " + org.dmad.provenance.EnvironmentProvenance.dmadVersion()};
        }
    }

    /**
     * Runs a command line.
     *
     * @param args the arguments.
     * @return the exit status.
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new DmadCli());
        String detectors = "%nDetectors:%n" + org.dmad.evaluation.detectors.DetectorRegistry.describe()
                .replace("%", "%%").replace("\n", "%n");
        for (String sub : new String[] {"bench", "train"}) {
            cli.getSubcommands().get(sub).getCommandSpec().usageMessage().footer(detectors);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable shown = e;
            if (e instanceof java.io.UncheckedIOException u) {
                shown = u.getCause();
            }
            commandLine.getErr().println("dmad: error: " + (shown.getMessage() == null
                    ? shown.getClass().getSimpleName() : shown.getMessage()));
            if (System.getenv("DMAD_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * Entry point.
     *
     * @param args the arguments.
     */
    public static void main(String[] args) {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
        System.exit(execute(args));
    }
}
