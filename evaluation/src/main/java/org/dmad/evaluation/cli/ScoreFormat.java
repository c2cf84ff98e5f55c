package org.dmad.evaluation.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Writes a score as {@code String.format(Locale.ROOT, "%.9g", v)} does, without a {@code Formatter} per value (it
 * dominated the cost of writing a scores file). Like Java's {@code %g}, it rounds the shortest decimal form of the
 * double ({@link Double#toString}) half up to 9 significant digits, then writes it fixed when the rounded magnitude is
 * in [1e-4, 1e9), else as {@code d.dddddddde+XX}. Zero, NaN and infinities go through {@code String.format}.
 */
final class ScoreFormat {

    private static final MathContext NINE = new MathContext(9, RoundingMode.HALF_UP);
    private static final BigDecimal LOW = new BigDecimal("1e-4");
    private static final BigDecimal HIGH = new BigDecimal("1e9");

    private ScoreFormat() {}

    static void appendG9(StringBuilder out, double v) {
        if (v == 0 || !Double.isFinite(v)) {
            out.append(String.format(Locale.ROOT, "%.9g", v));
            return;
        }
        BigDecimal rounded = new BigDecimal(Double.toString(v)).round(NINE);
        BigDecimal magnitude = rounded.abs();
        if (magnitude.compareTo(LOW) >= 0 && magnitude.compareTo(HIGH) < 0) {
            // precision - 1 - exponent digits after the point
            int exponent = rounded.precision() - rounded.scale() - 1;
            out.append(
                    rounded.setScale(9 - 1 - exponent, RoundingMode.UNNECESSARY).toPlainString());
            return;
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal unscaled = rounded.movePointLeft(exponent).setScale(8, RoundingMode.UNNECESSARY);
        out.append(unscaled.toPlainString()).append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            out.append('0');
        }
        out.append(e);
    }
}
