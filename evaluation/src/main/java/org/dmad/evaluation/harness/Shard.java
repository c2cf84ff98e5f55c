package org.dmad.evaluation.harness;

/**
 * The part of a benchmark grid one process runs when several run it together ({@code dmad bench --jobs N}): the
 * cells whose index in the grid's order (datasets, then seeds, then detectors) leaves remainder {@code index} when
 * divided by {@code count}. Partitioning by index means no two processes ever run the same cell, without any
 * coordination beyond the shared results file.
 *
 * @param index this process's part, from 0.
 * @param count the number of parts, at least 1.
 */
public record Shard(int index, int count) {

    /** The whole grid, one process. */
    public static final Shard ALL = new Shard(0, 1);

    /**
     * Validates the part.
     *
     * @param index this process's part.
     * @param count the number of parts.
     */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("A shard is i/N with 0 <= i < N, got " + index + "/" + count);
        }
    }

    /**
     * Parses {@code i/N}.
     *
     * @param text the shard.
     * @return the shard.
     * @throws IllegalArgumentException when the text is not i/N with 0 <= i < N.
     */
    public static Shard parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/");
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("A shard is i/N with 0 <= i < N, got '" + text + "'");
    }

    /**
     * @param cellIndex a cell's index in the grid's order.
     * @return true when this part runs that cell.
     */
    public boolean owns(long cellIndex) {
        return cellIndex % count == index;
    }

    /** @return true when this is one of several processes sharing a results file. */
    public boolean shared() {
        return count > 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
