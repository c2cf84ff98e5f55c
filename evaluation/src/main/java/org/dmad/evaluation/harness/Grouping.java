package org.dmad.evaluation.harness;

import java.util.Locale;

/**
 * Grouped training of a benchmark ({@code dmad bench --group N|auto|datasets:N}): which runs train together as one
 * batched network ({@link org.dmad.tribuo.TrainingGroup}). One value, because a run belongs to one group.
 *
 * @param seeds    the seeds of one dataset that train together, for detectors that train in groups: 1 = none (each
 *                 run trains alone), N = up to N consecutive seeds of the seed list, 0 = all the seeds.
 * @param datasets the runs of several datasets that train together, for detectors that group across datasets
 *                 ({@link org.dmad.tribuo.DMADTrainer#groupsAcrossDatasets()}): 1 = none, N = groups of up to N runs
 *                 of one detector over every dataset and seed, formed by similar step totals
 *                 ({@link Runner.AcrossDatasets}); those detectors then ignore {@code seeds}.
 */
public record Grouping(int seeds, int datasets) {

    /** No grouped training: every run trains alone. */
    public static final Grouping NONE = new Grouping(1, 1);

    /** The prefix of {@code --group datasets:N}. */
    private static final String DATASETS = "datasets:";

    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException when {@code seeds} is negative or {@code datasets} below 1.
     */
    public Grouping {
        if (seeds < 0) {
            throw new IllegalArgumentException("group must be 0 (all seeds) or positive, got " + seeds);
        }
        if (datasets < 1) {
            throw new IllegalArgumentException("groupAcross must be positive (1 = none), got " + datasets);
        }
    }

    /**
     * Groups of the seeds of one dataset ({@code --group N|auto}).
     *
     * @param n the seeds per group: 1 = none, 0 = all.
     * @return the grouping.
     */
    public static Grouping ofSeeds(int n) {
        return new Grouping(n, 1);
    }

    /**
     * Groups across datasets ({@code --group datasets:N}): up to N runs of every dataset and seed for the detectors
     * that group across datasets, N seeds of one dataset for the other detectors that train in groups.
     *
     * @param n the most runs per group; 1 = none.
     * @return the grouping.
     */
    public static Grouping acrossDatasets(int n) {
        return new Grouping(n, n);
    }

    /**
     * Parses {@code --group}.
     *
     * @param value {@code auto}, a positive count of seeds, or {@code datasets:N}.
     * @return the grouping.
     * @throws IllegalArgumentException when the value is none of those, naming what is expected.
     */
    public static Grouping parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return ofSeeds(0);
        }
        if (v.startsWith(DATASETS)) {
            try {
                int n = Integer.parseInt(v.substring(DATASETS.length()).trim());
                if (n >= 1) {
                    return acrossDatasets(n);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--group datasets:N needs N, the most runs per group, as a positive "
                    + "integer, got '" + value + "'");
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return ofSeeds(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--group must be auto or a positive count of seeds, got '" + value
                + "' (or datasets:N for groups across datasets)");
    }

    /** @return true when no run trains with others. */
    public boolean none() {
        return seeds == 1 && datasets == 1;
    }

    /** @return true when the detectors that group across datasets do ({@code --group datasets:N}, N > 1). */
    public boolean groupsAcrossDatasets() {
        return datasets > 1;
    }

    /**
     * The seeds per group of one dataset.
     *
     * @param seedCount the benchmark's seeds.
     * @return all of them for 0, else {@link #seeds()}.
     */
    public int seedsPerGroup(int seedCount) {
        return seeds == 0 ? Math.max(1, seedCount) : seeds;
    }
}
