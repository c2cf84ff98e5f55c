package org.dmad.evaluation.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Which cells of a benchmark grid this process runs when several run it together ({@code dmad bench --jobs N}).
 * Before running a cell a process claims it by creating a file named after the cell's index in the grid's order
 * (datasets, then seeds, then detectors) in a folder all processes share; the file system lets exactly one
 * creation succeed. Each process takes the next unclaimed cell as it becomes free, so the slow cells spread over the
 * processes as they come (a fixed split would leave one process with several long trainings and the other idle).
 * The processes walk the grid's datasets largest first ({@link Runner#walk}), so that the last cells to be claimed
 * are short ones; a cell's index stays its place in the grid's order.
 */
public final class CellClaims {

    /** One process runs the whole grid: every claim succeeds. */
    public static final CellClaims ALL = new CellClaims(null);

    private final Path folder;

    private CellClaims(Path folder) {
        this.folder = folder;
    }

    /**
     * Claims in a folder that other processes share.
     *
     * @param folder the claims folder; it must exist.
     * @return the claims.
     * @throws IllegalArgumentException when the folder does not exist.
     */
    public static CellClaims in(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("The claims folder " + folder + " does not exist");
        }
        return new CellClaims(folder);
    }

    /**
     * Empties (or creates) a claims folder, before the processes of a new benchmark start; claims left by an
     * interrupted one would otherwise keep their cells from being redone.
     *
     * @param folder the claims folder.
     * @throws IOException when it cannot be emptied or created.
     */
    public static void reset(Path folder) throws IOException {
        remove(folder);
        Files.createDirectories(folder);
    }

    /**
     * Deletes a claims folder and its claims.
     *
     * @param folder the claims folder.
     * @throws IOException when it cannot be deleted.
     */
    public static void remove(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Claims a cell.
     *
     * @param cell the cell's index in the grid's order.
     * @return true when this process is to run it (no other process claimed it first).
     * @throws UncheckedIOException when the claim cannot be written.
     */
    public boolean claim(long cell) {
        if (folder == null) {
            return true;
        }
        try {
            Files.createFile(folder.resolve(Long.toString(cell)));
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot claim cell " + cell + " in " + folder, e);
        }
    }

    /** @return true when other processes share the grid (and its results file). */
    public boolean shared() {
        return folder != null;
    }
}
