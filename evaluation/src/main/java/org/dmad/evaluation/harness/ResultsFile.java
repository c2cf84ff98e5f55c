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

/**
 * {@code results.csv}, written one row at a time and forced to disk after each, so that an interrupted benchmark
 * loses at most the run in progress and a rerun skips every finished row. A torn last line (a crash mid-write) is
 * dropped when the file is read back.
 */
public final class ResultsFile implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final Map<String, ResultRow> rows = new LinkedHashMap<>();
    private int written;

    /**
     * Opens or creates the file, reading the rows already in it.
     *
     * @param file the CSV file.
     * @throws IOException when the file cannot be read or written, or its header is not ours.
     */
    public ResultsFile(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean exists = Files.exists(file) && Files.size(file) > 0;
        if (exists) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.get(0).equals(ResultRow.HEADER)) {
                throw new IOException(file + " is not a dmad results file (unexpected header: " + lines.get(0) + ")");
            }
            StringBuilder good = new StringBuilder(ResultRow.HEADER).append('\n');
            for (String line : lines.subList(1, lines.size())) {
                try {
                    ResultRow row = ResultRow.parse(line);
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
            write(ResultRow.HEADER);
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
    public boolean done(String key) {
        ResultRow r = rows.get(key);
        return r != null && r.ok();
    }

    /**
     * Appends a row (replacing, in memory, an earlier error row of the same run) and forces it to disk.
     *
     * @param row the row.
     * @throws IOException when writing fails.
     */
    public synchronized void append(ResultRow row) throws IOException {
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
    public synchronized List<ResultRow> rows() {
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
