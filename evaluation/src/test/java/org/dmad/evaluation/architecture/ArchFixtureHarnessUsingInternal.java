package org.dmad.evaluation.architecture;

import org.dmad.engine.NoiseSchedule;

/** Test fixture for {@link EngineBoundaryTest}: harness code that reaches an engine internal (must be reported). */
final class ArchFixtureHarnessUsingInternal {

    private ArchFixtureHarnessUsingInternal() {}

    static String internal(NoiseSchedule schedule) {
        return String.valueOf(schedule);
    }
}
