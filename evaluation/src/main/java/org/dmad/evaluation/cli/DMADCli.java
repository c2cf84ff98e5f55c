package org.dmad.evaluation.cli;

import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Task;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dmad} command line: the comparative benchmark, everyday training and scoring, and datasets. Errors
 * print one line naming the problem and exit with status 1 (set {@code DMAD_DEBUG=1} for stack traces); usage
 * errors exit with status 2.
 */
@Command(
        name = "dmad",
        mixinStandardHelpOptions = true,
        versionProvider = DMADCli.Version.class,
        description = "Diffusion-model anomaly detection on the JVM (Tribuo, Weka, DJL/PyTorch).",
        subcommands = {
            BenchCommand.class,
            TrainCommand.class,
            ScoreCommand.class,
            DatasetsCommand.class,
            DetectorsCommand.class,
            ReproduceCommand.class,
            ProvenanceCommand.class,
            CompareCommand.class,
            PerfCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DMADCli implements Runnable {

    /** Weka's matrix library logs that it falls back to pure Java: not news to users. Held so JUL keeps it. */
    private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("com.github.fommil");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Name a command: " + String.join(", ", spec.subcommands().keySet()) + " (dmad help for details)");
    }

    /** The exit status after an interrupt (128 + SIGINT, as shells report it). */
    public static final int INTERRUPTED_STATUS = 130;

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
        CommandLine cli = new CommandLine(new DMADCli());
        cli.getSubcommands()
                .get("train")
                .getCommandSpec()
                .usageMessage()
                .footer(helpText("%nDetectors:%n" + DetectorRegistry.describe(Task.TABULAR)));
        cli.getSubcommands()
                .get("bench")
                .getCommandSpec()
                .usageMessage()
                .footer(helpText("%nDetectors:%n"
                        + DetectorRegistry.describe(Task.TABULAR)
                        + "%nTime-series detectors (--task timeseries; the detectors above run on flattened "
                        + "windows):%n"
                        + DetectorRegistry.describe(Task.TIMESERIES)
                        + "%n--detectors all on series runs: "
                        + String.join(",", DetectorRegistry.all(Task.TIMESERIES))
                        + "%nDefault --score-stride (--protocol semi): "
                        + DetectorRegistry.scoreStrideDefaults()
                        + "%n--group trains the seeds of: "
                        + String.join(",", DetectorRegistry.grouped(Task.TABULAR))
                        + "; with --task timeseries: "
                        + String.join(",", DetectorRegistry.grouped(Task.TIMESERIES))
                        + "%n--group datasets:N groups the runs of several datasets of: "
                        + String.join(",", DetectorRegistry.groupedAcrossDatasets())
                        + "%n"));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable shown = e;
            if (e instanceof org.dmad.evaluation.harness.BenchmarkInterruptedException i) {
                commandLine
                        .getErr()
                        .println("dmad: " + i.getMessage() + "; run the same command again to resume"
                                + " (finished runs are kept in results.csv).");
                return INTERRUPTED_STATUS;
            }
            if (e instanceof java.io.UncheckedIOException u) {
                shown = u.getCause();
            }
            commandLine
                    .getErr()
                    .println("dmad: error: "
                            + (shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage()));
            if (System.getenv("DMAD_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * A help footer for picocli: the registry's lines with {@code %} escaped and line ends as {@code %n}.
     *
     * @param text the text, in which {@code %n} and line ends both end a line.
     * @return the footer format.
     */
    private static String helpText(String text) {
        return text.replace("%n", "\n").replace("%", "%%").replace("\n", "%n");
    }

    /**
     * Entry point.
     *
     * @param args the arguments.
     */
    public static void main(String[] args) {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
        Thread command = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger result = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.util.concurrent.atomic.AtomicBoolean exiting = new java.util.concurrent.atomic.AtomicBoolean();
        // Ctrl-C (SIGINT/SIGTERM): interrupt the command so that training stops within one step, native memory is
        // released by the scopes unwinding, and the rows written so far stay valid; then let the JVM exit (status
        // 130). A signal that comes once the command has succeeded (its output complete and in place) changes
        // nothing: dmad exits 0, so that a script does not redo or distrust finished work.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (!finished.get()) {
                                stopping.set(true);
                                command.interrupt();
                                try {
                                    command.join(INTERRUPT_GRACE_MILLIS);
                                } catch (InterruptedException ignored) {
                                    // Exit now.
                                }
                            }
                            if (finished.get() && result.get() == 0 && !exiting.get()) {
                                // Shutdown began with the signal, not with dmad's own exit below: keep the command's
                                // status.
                                System.out.flush();
                                System.err.flush();
                                Runtime.getRuntime().halt(0);
                            }
                        },
                        "dmad-interrupt"));
        int status = execute(args);
        result.set(status);
        finished.set(true);
        holdBeforeExit();
        if (!stopping.get()) {
            exiting.set(true);
            // System.exit would block forever if the JVM is already shutting down.
            System.exit(status);
        }
    }

    /**
     * Waits {@code -Ddmad.test.exitDelayMillis} (default 0) between the command's end and the exit: only for the
     * test that signals a finished command, which otherwise could not hit that moment.
     */
    private static void holdBeforeExit() {
        long millis = Long.getLong("dmad.test.exitDelayMillis", 0);
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How long Ctrl-C waits for the command to stop at a step boundary before the JVM exits anyway. */
    static final long INTERRUPT_GRACE_MILLIS = 20_000;
}
