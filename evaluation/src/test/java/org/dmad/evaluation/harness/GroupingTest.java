package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --group N|auto|datasets:N} as one value. */
class GroupingTest {

    @Test
    void parsesSeedsAutoAndDatasetsAndRefusesTheRestNamingWhatIsExpected() {
        assertEquals(Grouping.NONE, Grouping.parse("1"));
        assertTrue(Grouping.parse("1").none());
        assertEquals(new Grouping(3, 1), Grouping.parse(" 3 "));
        assertEquals(new Grouping(0, 1), Grouping.parse("AUTO"));
        assertEquals(5, Grouping.parse("auto").seedsPerGroup(5));
        assertEquals(3, Grouping.parse("3").seedsPerGroup(5));
        Grouping across = Grouping.parse("datasets:4");
        assertEquals(new Grouping(4, 4), across, "the other detectors group 4 seeds of one dataset");
        assertTrue(across.groupsAcrossDatasets());
        assertFalse(Grouping.parse("auto").groupsAcrossDatasets());
        assertEquals(Grouping.NONE, Grouping.parse("datasets:1"));
        for (String bad : new String[] {"0", "-1", "x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grouping.parse(bad));
            assertTrue(e.getMessage().contains("--group must be auto or a positive count of seeds"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grouping.parse("datasets:0"));
        assertTrue(e.getMessage().contains("--group datasets:N needs N"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Grouping(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Grouping(1, 0));
    }
}
