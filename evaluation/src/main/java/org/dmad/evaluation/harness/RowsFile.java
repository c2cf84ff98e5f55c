package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A results CSV written one row at a time and forced to disk after each, so that an interrupted benchmark loses
 * at most the run in progress and a rerun skips every finished row. A torn last line (a crash mid-write) is dropped
 * when the file is read back. {@link ResultsFile} holds the runs of either task.
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
    private final String header;
    private final boolean shared;
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
        this(file, header, parser, false);
    }

    /**
     * Opens or creates the file, reading the rows already in it. A file opened {@code shared} is one that several
     * processes append to at once (each its own runs, {@link CellClaims}): it must exist, it is not rewritten (a torn
     * line is skipped when read, and dropped by the next unshared open), and every append holds an exclusive lock
     * on the file.
     *
     * @param file   the CSV file.
     * @param header the header line the file must start with.
     * @param parser parses one line, throwing a RuntimeException for a torn line.
     * @param shared true when other processes append to the file at the same time.
     * @throws IOException when the file cannot be read or written, or its header is not the expected one.
     */
    protected RowsFile(Path file, String header, Function<String, R> parser, boolean shared) throws IOException {
        this.file = file;
        this.header = header;
        this.shared = shared;
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean exists = Files.exists(file) && Files.size(file) > 0;
        if (shared && !exists) {
            throw new IOException(file + " must exist before processes share it");
        }
        if (exists) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.get(0).equals(header)) {
                throw new IOException(
                        file + " is not a dmad results file of this kind (unexpected header: " + lines.get(0) + ")");
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
            if (!shared) {
                Files.writeString(file, good.toString(), StandardCharsets.UTF_8);
            }
        }
        channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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

    /**
     * Rewrites the file with its rows in the given order (one row per run, the latest), e.g. the grid's order after
     * several processes appended in the order their runs ended. Only while no other process appends.
     *
     * @param order the order of the rows.
     * @throws IOException when writing fails.
     * @throws IllegalStateException when the file is shared.
     */
    public synchronized void reorder(Comparator<? super R> order) throws IOException {
        if (shared) {
            throw new IllegalStateException("A shared results file cannot be reordered while others append to it");
        }
        List<R> sorted = new ArrayList<>(rows.values());
        sorted.sort(order);
        StringBuilder text = new StringBuilder(header).append('\n');
        rows.clear();
        for (R r : sorted) {
            text.append(r.toCsv()).append('\n');
            rows.put(r.key(), r);
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
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
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        if (shared) {
            FileLock lock = channel.lock();
            try {
                channel.write(bytes);
                channel.force(false);
            } finally {
                lock.release();
            }
        } else {
            channel.write(bytes);
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
