package org.dmad.evaluation.detectors;

import java.util.Locale;

/** How hard the detectors train: the papers' settings, or a quick run for smoke tests and demos. */
public enum Profile {
    /** Short trainings (tens of epochs): minutes for the generated suite on 2 cores. */
    QUICK,
    /** The published settings of each detector (ALGORITHMS.md): hours for the full ADBench set on 2 cores. */
    PAPER;

    /**
     * @param name quick or paper.
     * @return the profile.
     */
    public static Profile parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unknown profile '" + name + "': use quick or paper");
        }
    }

    /** @return the command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
