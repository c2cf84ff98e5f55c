package org.dmad.evaluation.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The series suite times the listed scoring strides and each detector's default one, once. */
class SeriesSuiteStridesTest {

    @Test
    void theDefaultStrideIsAddedLastUnlessListed() {
        assertEquals(List.of(1, 2, 16), SeriesSuite.withDefault(List.of(1, 2), 16));
        assertEquals(List.of(16, 1), SeriesSuite.withDefault(List.of(16, 1), 16));
        assertEquals(List.of(4, 1), SeriesSuite.withDefault(List.of(4), 1));
        assertEquals(List.of(1), SeriesSuite.withDefault(List.of(1), 1));
    }
}
