package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreFormatTest {

    private static String fast(double v) {
        StringBuilder b = new StringBuilder();
        ScoreFormat.appendG9(b, v);
        return b.toString();
    }

    @Test
    void writesWhatPercentPoint9gWrites() {
        double[] edges = {
            0.0,
            -0.0,
            1,
            -1,
            1e-4,
            9.99999999e-5,
            9.999999995e-5,
            0.000099999999995,
            999999999.4,
            999999999.5,
            1e9,
            9.9999999995,
            0.5,
            123456789012.0,
            1e-300,
            -1e300,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            0.414741665,
            5.99941540,
            1.0000000005
        };
        for (double v : edges) {
            assertEquals(String.format(Locale.ROOT, "%.9g", v), fast(v), "value " + v);
        }
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            double v = (r.nextBoolean() ? 1 : -1) * r.nextDouble() * Math.pow(10, r.nextInt(-12, 14));
            if (i % 3 == 0) {
                v = Math.round(v * 1e6) / 1e6;
            }
            assertEquals(String.format(Locale.ROOT, "%.9g", v), fast(v), "value " + v);
        }
    }
}
