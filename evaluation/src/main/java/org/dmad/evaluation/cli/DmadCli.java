package org.dmad.evaluation.cli;

/**
 * The command line's earlier class name, kept so that scripts and launchers that start
 * {@code org.dmad.evaluation.cli.DmadCli} keep working. It runs {@link DMADCli} with the same arguments.
 *
 * @deprecated start {@link DMADCli}.
 */
@Deprecated
public final class DmadCli {

    private DmadCli() {}

    /**
     * Runs {@link DMADCli#main}.
     *
     * @param args the command line.
     */
    public static void main(String[] args) {
        DMADCli.main(args);
    }
}
