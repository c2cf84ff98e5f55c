package org.dmad.evaluation.cli;

/**
 * Writes a score as {@code String.format(Locale.ROOT, "%.9g", v)} does, without a {@code Formatter} or a
 * {@code BigDecimal} per value (they dominated the cost of writing a scores file). Like Java's {@code %g}, it rounds
 * the shortest decimal form of the double ({@link Double#toString}) half up to 9 significant digits, then writes it
 * fixed when the rounded magnitude is in [1e-4, 1e9), else as {@code d.dddddddde+XX}; the rounding is done on the
 * decimal digits of that form, so no binary arithmetic can change a digit.
 */
final class ScoreFormat {

    private static final int DIGITS = 9;

    private ScoreFormat() {}

    static void appendG9(StringBuilder out, double v) {
        if (Double.isNaN(v)) {
            out.append("NaN");
            return;
        }
        if (Double.isInfinite(v)) {
            out.append(v > 0 ? "Infinity" : "-Infinity");
            return;
        }
        if (v == 0) {
            out.append(Double.doubleToRawLongBits(v) < 0 ? "-0.00000000" : "0.00000000");
            return;
        }
        String s = Double.toString(v);
        int n = s.length();
        int at = 0;
        if (s.charAt(0) == '-') {
            out.append('-');
            at = 1;
        }
        int e = s.indexOf('E');
        int mantissaEnd = e < 0 ? n : e;
        int exponent10 = e < 0 ? 0 : Integer.parseInt(s, e + 1, n, 10);
        // Significant digits of the mantissa (leading zeros dropped) and where the point sits among them.
        char[] digits = new char[20];
        int count = 0;
        int pointAfter = 0; // digits (significant or not) before the point
        boolean seenPoint = false;
        int leadingZerosAfterPoint = 0;
        for (int i = at; i < mantissaEnd; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                seenPoint = true;
                continue;
            }
            if (count == 0 && c == '0') {
                if (seenPoint) {
                    leadingZerosAfterPoint++;
                }
                continue;
            }
            if (!seenPoint) {
                pointAfter++;
            }
            digits[count++] = c;
        }
        // Scientific exponent of the first significant digit.
        int sci = (pointAfter > 0 ? pointAfter - 1 : -leadingZerosAfterPoint - 1) + exponent10;
        // Round half up to nine significant digits.
        if (count > DIGITS) {
            boolean up = digits[DIGITS] >= '5';
            count = DIGITS;
            if (up) {
                int i = DIGITS - 1;
                while (i >= 0 && digits[i] == '9') {
                    digits[i] = '0';
                    i--;
                }
                if (i >= 0) {
                    digits[i]++;
                } else {
                    digits[0] = '1';
                    sci++;
                }
            }
        }
        for (int i = count; i < DIGITS; i++) {
            digits[i] = '0';
        }
        if (sci >= -4 && sci < 9) {
            if (sci >= 0) {
                out.append(digits, 0, sci + 1);
                if (sci < DIGITS - 1) {
                    out.append('.').append(digits, sci + 1, DIGITS - 1 - sci);
                }
            } else {
                out.append("0.");
                for (int i = -1; i > sci; i--) {
                    out.append('0');
                }
                out.append(digits, 0, DIGITS);
            }
            return;
        }
        out.append(digits[0]).append('.').append(digits, 1, DIGITS - 1).append('e');
        out.append(sci < 0 ? '-' : '+');
        int abs = Math.abs(sci);
        if (abs < 10) {
            out.append('0');
        }
        out.append(abs);
    }
}
