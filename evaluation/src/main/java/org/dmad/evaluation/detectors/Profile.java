package org.dmad.evaluation.detectors;

import java.util.Locale;

/**
 * How hard the detectors train: the papers' settings, the papers' settings under a step budget that scales with the
 * data, or a quick run for smoke tests and demos.
 */
public enum Profile {
    /**
     * Short trainings (tens of epochs), further capped at {@link #QUICK_MAX_STEPS} optimiser steps so that large
     * training sets stay quick: minutes for the generated suite on 2 cores (which the cap does not reach).
     */
    QUICK(5_000),
    /** The published settings of each detector (docs/ALGORITHMS.md): hours for the full ADBench set on 2 cores. */
    PAPER(0),
    /**
     * The published settings under a budget of {@link #BUDGET_MAX_STEPS} optimiser steps: identical to
     * {@link #PAPER} on sets up to {@code BUDGET_MAX_STEPS / 400} batches per epoch (4,800 rows at batch 64), fewer
     * steps on larger sets (docs/PERFORMANCE.md, section 5, gives the counts and their effect).
     */
    BUDGET(30_000);

    /** The quick profile's step budget. */
    public static final int QUICK_MAX_STEPS = 5_000;
    /** The budget profile's step budget. */
    public static final int BUDGET_MAX_STEPS = 30_000;

    private final int maxSteps;

    Profile(int maxSteps) {
        this.maxSteps = maxSteps;
    }

    /**
     * The trainers' {@code maxSteps} setting under this profile.
     *
     * @return the step budget, 0 for none.
     */
    public int maxSteps() {
        return maxSteps;
    }

    /**
     * The epochs of a trained detector under this profile.
     *
     * @param quickEpochs the detector's epochs in the quick profile.
     * @return {@code quickEpochs} for quick, else the papers' 400.
     */
    public int epochs(int quickEpochs) {
        return this == QUICK ? quickEpochs : 400;
    }

    /**
     * @param name quick, paper or budget.
     * @return the profile.
     */
    public static Profile parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unknown profile '" + name + "': use quick, paper or budget");
        }
    }

    /** @return the command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
