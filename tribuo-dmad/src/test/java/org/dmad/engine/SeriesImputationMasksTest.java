package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** The imputation masks of {@link SeriesImputation}: interleaved single steps by default, strips with maskWidth. */
class SeriesImputationMasksTest {

    /** The paper chain from a noised start, which imputation needs. */
    private static final DDPMScoring NOISED = DDPMScoring.paper(0).withStart(DDPMScoring.Start.NOISED);

    private static SeriesScoring imputation(int length, int channels, int maskCount, int maskWidth) {
        return new SeriesScoring(SeriesScoring.Mode.IMPUTATION, NOISED, length, channels, maskCount, maskWidth);
    }

    /** The mask of each time step, read off the 0/1 vectors (and checked to cover every element once). */
    private static int[] maskOfSteps(SeriesScoring s) {
        float[][] masks = SeriesImputation.masks(s);
        assertEquals(s.maskCount(), masks.length);
        int[] out = new int[s.windowLength()];
        for (int t = 0; t < s.windowLength(); t++) {
            int owner = -1;
            for (int k = 0; k < masks.length; k++) {
                for (int c = 0; c < s.channels(); c++) {
                    float v = masks[k][t * s.channels() + c];
                    assertTrue(v == 0f || v == 1f);
                    if (v == 1f) {
                        assertTrue(owner == -1 || owner == k, "step " + t + " in two masks");
                        owner = k;
                    }
                }
            }
            assertTrue(owner >= 0, "step " + t + " in no mask");
            for (int c = 0; c < s.channels(); c++) {
                assertEquals(1f, masks[owner][t * s.channels() + c], "every channel of a step shares its mask");
            }
            out[t] = owner;
        }
        return out;
    }

    @Test
    void theDefaultWidthInterleavesSingleStepsAsBefore() {
        SeriesScoring five = new SeriesScoring(SeriesScoring.Mode.IMPUTATION, NOISED, 7, 2, 3);
        assertEquals(SeriesScoring.DEFAULT_MASK_WIDTH, five.maskWidth());
        assertEquals(imputation(7, 2, 3, 1), five);
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, maskOfSteps(five));
        assertEquals("imputation(L=7,C=2,masks=3," + NOISED + ")", five.toString());
    }

    @Test
    void stripsOfWidthWAreDealtToTheMasksInTurn() {
        SeriesScoring strips = imputation(11, 3, 2, 4);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0}, maskOfSteps(strips));
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 0, 0}, maskOfSteps(imputation(8, 1, 3, 2)));
        assertTrue(strips.toString().contains(",masks=2,maskWidth=4,"), strips.toString());
        assertEquals(2 * NOISED.networkEvaluations(), strips.networkEvaluations());
    }

    @Test
    void aWidthWhoseStripsDoNotFitTheWindowIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> imputation(7, 1, 2, 4));
        assertTrue(e.getMessage().contains("maskCount * maskWidth <= windowLength = 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> imputation(8, 1, 2, -1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SeriesScoring(SeriesScoring.Mode.RECONSTRUCTION, DDPMScoring.paper(0), 8, 1, 1, -2));
    }

    /** Java deserialization of a scoring written before maskWidth gives 0, which reads as the default width 1. */
    @Test
    void widthZeroReadsAsOneSoOldSerializedScoringsKeepTheirMasks() throws Exception {
        assertEquals(imputation(8, 2, 2, 1), imputation(8, 2, 2, 0));
        SeriesScoring strips = imputation(8, 2, 2, 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(strips);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(strips, in.readObject());
        }
    }
}
