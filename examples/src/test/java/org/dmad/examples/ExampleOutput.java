package org.dmad.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs an example's {@code main} with standard output captured, for tests of what it prints. */
final class ExampleOutput {

    private ExampleOutput() {}

    /**
     * Captures what a command prints, and echoes it to the real standard output for the test log.
     *
     * @param command the command, e.g. {@code () -> SomeExample.main(args)}.
     * @return what it printed.
     */
    static String capture(Runnable command) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true));
            command.run();
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString();
        System.out.print(out);
        return out;
    }
}
