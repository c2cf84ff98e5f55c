package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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

    @Test
    void writesWhatTheBigDecimalFormatterBeforeItWrote() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 300_000; i++) {
            double v;
            switch (i % 5) {
                case 0 -> v = Double.longBitsToDouble(r.nextLong()); // any bits: tiny, huge, subnormal
                case 1 -> v = (r.nextBoolean() ? 1 : -1) * r.nextDouble() * Math.pow(10, r.nextInt(-12, 14));
                case 2 -> v = (r.nextInt(2_000_000_000) + 0.5) / Math.pow(10, r.nextInt(0, 12)); // halves
                case 3 -> v = Double.parseDouble(r.nextInt(100_000_000, 1_000_000_000) + "5e" + r.nextInt(-15, 15));
                default -> v = (r.nextBoolean() ? 9.999999995 : 9.9999999949) * Math.pow(10, r.nextInt(-10, 12));
            }
            if (Double.isNaN(v)) {
                continue;
            }
            assertEquals(bigDecimal(v), fast(v), "value " + v + " (" + Double.toString(v) + ")");
            if (i % 10 == 0) {
                assertEquals(String.format(Locale.ROOT, "%.9g", v), fast(v), "value " + v);
            }
        }
    }

    private static final MathContext NINE = new MathContext(9, RoundingMode.HALF_UP);

    /** The formatter this class had before (BigDecimal rounding of Double.toString), kept as the reference. */
    private static String bigDecimal(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%.9g", v);
        }
        StringBuilder out = new StringBuilder();
        BigDecimal rounded = new BigDecimal(Double.toString(v)).round(NINE);
        BigDecimal magnitude = rounded.abs();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (magnitude.compareTo(new BigDecimal("1e-4")) >= 0 && magnitude.compareTo(new BigDecimal("1e9")) < 0) {
            return rounded.setScale(9 - 1 - exponent, RoundingMode.UNNECESSARY).toPlainString();
        }
        BigDecimal unscaled = rounded.movePointLeft(exponent).setScale(8, RoundingMode.UNNECESSARY);
        out.append(unscaled.toPlainString()).append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            out.append('0');
        }
        return out.append(e).toString();
    }
}
