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

    /** The interpolation start: each masked step from its nearest observed steps, channel by channel, by distance. */
    @Test
    void theInterpolationOperatorInterpolatesMaskedStepsFromTheirObservedNeighbours() {
        SeriesScoring s = new SeriesScoring(
                SeriesScoring.Mode.IMPUTATION, NOISED, 8, 2, 2, 2, SeriesScoring.MaskStart.INTERPOLATION);
        float[][] masks = SeriesImputation.masks(s);
        // mask 0 hides steps 0, 1, 4, 5; mask 1 hides 2, 3, 6, 7. Channel c of step t has the value 10 t + c.
        int d = 16;
        double[] x = new double[d];
        for (int t = 0; t < 8; t++) {
            for (int c = 0; c < 2; c++) {
                x[t * 2 + c] = 10 * t + c + (t == 3 ? 5 : 0);
            }
        }
        double[][] expected = {
            // mask 0: steps 0 and 1 copy step 2 (no observed step before); 4 and 5 lie between 3 and 6.
            {
                20,
                21,
                20,
                21,
                0,
                0,
                0,
                0,
                35 + (60 - 35) / 3.0,
                36 + (61 - 36) / 3.0,
                35 + 2 * (60 - 35) / 3.0,
                36 + 2 * (61 - 36) / 3.0,
                0,
                0,
                0,
                0
            },
            // mask 1: steps 2 and 3 lie between 1 and 4; 6 and 7 copy step 5 (no observed step after).
            {0, 0, 0, 0, 10 + 10, 11 + 10, 10 + 20, 11 + 20, 0, 0, 0, 0, 50, 51, 50, 51}
        };
        for (int k = 0; k < 2; k++) {
            SeriesImputation.Interpolation op = SeriesImputation.interpolation(s, masks[k]);
            for (int col = 0; col < d; col++) {
                int b = (int) op.before()[col];
                int a = (int) op.after()[col];
                double v = x[b] * op.wBefore()[col] + x[a] * op.wAfter()[col];
                if (op.wBefore()[col] != 0f) {
                    assertEquals(0f, masks[k][b], "a masked element never feeds an interpolation");
                }
                if (op.wAfter()[col] != 0f) {
                    assertEquals(0f, masks[k][a], "a masked element never feeds an interpolation");
                }
                assertEquals(expected[k][col], v, 1e-4, "mask " + k + ", element " + col);
            }
        }
        assertEquals("imputation(L=8,C=2,masks=2,maskWidth=2,maskStart=interpolation," + NOISED + ")", s.toString());
        assertEquals(SeriesScoring.MaskStart.INTERPOLATION, SeriesScoring.MaskStart.parse("Interpolation"));
        assertThrows(IllegalArgumentException.class, () -> SeriesScoring.MaskStart.parse("median"));
    }

    /** Java deserialization of a scoring written before maskWidth gives 0, which reads as the default width 1. */
    @Test
    void widthZeroReadsAsOneSoOldSerializedScoringsKeepTheirMasks() throws Exception {
        assertEquals(imputation(8, 2, 2, 1), imputation(8, 2, 2, 0));
        assertEquals(
                imputation(8, 2, 2, 1),
                new SeriesScoring(SeriesScoring.Mode.IMPUTATION, NOISED, 8, 2, 2, 0, null),
                "a scoring written before maskStart (null) starts from the mean");
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
