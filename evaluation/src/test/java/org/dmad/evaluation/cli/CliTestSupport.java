package org.dmad.evaluation.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.data.TabularFiles;

/** The command line run in this JVM, and the small data files its tests train and score on. */
final class CliTestSupport {

    private CliTestSupport() {}

    /**
     * Runs the command line, capturing stdout and stderr.
     *
     * @param args the command and its arguments.
     * @return the exit status (as a string), stdout and stderr.
     */
    static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            code = DMADCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {Integer.toString(code), o.toString(), e.toString()};
    }

    /**
     * Runs {@code dmad train --detector detector --data data --out out} and the further arguments.
     *
     * @param detector the detector.
     * @param data     the training file.
     * @param out      the model file.
     * @param more     further arguments (e.g. {@code --profile quick}).
     * @return as {@link #run}.
     */
    static String[] train(String detector, Path data, Path out, String... more) {
        return run(with(
                List.of("train", "--detector", detector, "--data", data.toString(), "--out", out.toString()), more));
    }

    /**
     * Runs {@code dmad score --model model --data data --out out} and the further arguments.
     *
     * @param model the model file.
     * @param data  the file to score.
     * @param out   the scores file.
     * @param more  further arguments (e.g. {@code --device cpu}).
     * @return as {@link #run}.
     */
    static String[] score(Path model, Path data, Path out, String... more) {
        return run(with(
                List.of("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString()),
                more));
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    /**
     * Writes a table as a CSV file with its feature names and a label column.
     *
     * @param dir  the folder.
     * @param name the file name.
     * @param t    the table.
     * @return the file.
     * @throws IOException when it cannot be written.
     */
    static Path csv(Path dir, String name, TabularData t) throws IOException {
        return TabularFiles.csv(dir, name, t);
    }
}
