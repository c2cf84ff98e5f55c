package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A results CSV written one row at a time and forced to disk after each, so that an interrupted benchmark loses
 * at most the run in progress and a rerun skips every finished row. A torn last line (a crash mid-write) is dropped
 * when the file is read back. {@link ResultsFile} holds tabular runs, {@link SeriesResultsFile} time-series runs.
 *
 * @param <R> the row type.
 */
public class RowsFile<R extends RowsFile.Row> implements AutoCloseable {

    /** One line of a results file. */
    public interface Row {
        /** @return the run's key: the same run has the same key in every benchmark. */
        String key();

        /** @return true when the run succeeded. */
        boolean ok();

        /** @return the CSV line, without its newline. */
        String toCsv();
    }

    private final Path file;
    private final FileChannel channel;
    private final Map<String, R> rows = new LinkedHashMap<>();
    private int written;

    /**
     * Opens or creates the file, reading the rows already in it.
     *
     * @param file   the CSV file.
     * @param header the header line the file must start with.
     * @param parser parses one line, throwing a RuntimeException for a torn line.
     * @throws IOException when the file cannot be read or written, or its header is not the expected one.
     */
    protected RowsFile(Path file, String header, Function<String, R> parser) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean exists = Files.exists(file) && Files.size(file) > 0;
        if (exists) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.get(0).equals(header)) {
                throw new IOException(file + " is not a dmad results file of this kind (unexpected header: "
                        + lines.get(0) + ")");
            }
            StringBuilder good = new StringBuilder(header).append('\n');
            for (String line : lines.subList(1, lines.size())) {
                try {
                    R row = parser.apply(line);
                    rows.put(row.key(), row);
                    good.append(line).append('\n');
                } catch (RuntimeException torn) {
                    // An interrupted write: drop the line, the run will be redone.
                }
            }
            Files.writeString(file, good.toString(), StandardCharsets.UTF_8);
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (!exists) {
            write(header);
        }
    }

    /** @return the file. */
    public Path path() {
        return file;
    }

    /**
     * @param key a run key.
     * @return true when that run completed successfully in this file.
     */
    public synchronized boolean done(String key) {
        R r = rows.get(key);
        return r != null && r.ok();
    }

    /**
     * @param key a run key.
     * @return the latest row of that run, or null.
     */
    public synchronized R row(String key) {
        return rows.get(key);
    }

    /**
     * Appends a row (replacing, in memory, an earlier error row of the same run) and forces it to disk.
     *
     * @param row the row.
     * @throws IOException when writing fails.
     */
    public synchronized void append(R row) throws IOException {
        write(row.toCsv());
        rows.put(row.key(), row);
        written++;
    }

    /** @return the rows appended since this file was opened. */
    public synchronized int writtenThisSession() {
        return written;
    }

    /**
     * The latest row of every run, in first-seen order.
     *
     * @return the rows.
     */
    public synchronized List<R> rows() {
        return new ArrayList<>(rows.values());
    }

    private void write(String line) throws IOException {
        channel.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
