package org.dmad.evaluation.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dmad.engine.Matrix;
import org.dmad.engine.Standardizer;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.junit.jupiter.api.Test;

/**
 * The protocol's scaling ({@link Protocol#protocolScaling}) and what the detector's own standardisation, fitted again
 * on the scaled training rows, still changes: the float values the network gets with it and without it. Set the
 * environment variable {@code DMAD_SCALING_FILES=DIR} to print the figures for every dataset file in DIR (the table of
 * docs/BENCHMARKS.md); otherwise generated datasets are measured.
 */
class ProtocolScalingTest {

    @Test
    void scaledTrainingColumnsHaveMeanZeroAndScaleOneUpToRounding() throws IOException {
        List<TabularData> data = new ArrayList<>();
        String dir = System.getenv("DMAD_SCALING_FILES");
        if (dir != null) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path f : files.sorted().toList()) {
                    data.add(Datasets.load(f, "label"));
                }
            }
        } else {
            for (String type : SyntheticSuite.TYPES) {
                data.add(SyntheticSuite.generate(type, 500, 25, 6, 1));
            }
        }
        long changed = 0;
        long total = 0;
        System.out.println("| dataset | values | changed by the second standardisation | largest change |");
        for (TabularData t : data) {
            for (Protocol protocol : Protocol.values()) {
                Split split = protocol.split(t, 0);
                int d = split.columns();
                Standardizer again = Standardizer.fit(split.train(), d);
                for (int j = 0; j < d; j++) {
                    assertEquals(0.0, again.mean()[j], 1e-9, t.name() + " column " + j);
                    double s = again.scale()[j];
                    assertTrue(Math.abs(s - 1) < 1e-9, t.name() + " column " + j + " scale " + s);
                }
                long[] c = compare(split.train(), again, d);
                long[] e = compare(split.test(), again, d);
                long n = split.train().length + split.test().length;
                if (protocol == Protocol.SEMI) {
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %d | %d (%.3f%%) | %.3g |%n",
                            t.name(),
                            n,
                            c[0] + e[0],
                            100.0 * (c[0] + e[0]) / n,
                            Double.longBitsToDouble(Math.max(c[1], e[1])));
                    changed += c[0] + e[0];
                    total += n;
                }
            }
        }
        System.out.printf(
                Locale.ROOT, "| all (semi, seed 0) | %d | %d (%.3f%%) | |%n", total, changed, 100.0 * changed / total);
    }

    /** Values whose float differs with and without the second standardisation, and the largest change (bits). */
    private static long[] compare(double[] scaled, Standardizer again, int d) {
        Matrix m = again.apply(scaled, d);
        float[] twice = m.data();
        long changed = 0;
        double largest = 0;
        for (int i = 0; i < scaled.length; i++) {
            float once = (float) scaled[i];
            if (Float.floatToIntBits(once) != Float.floatToIntBits(twice[i])) {
                changed++;
                largest = Math.max(largest, Math.abs(once - twice[i]));
            }
        }
        return new long[] {changed, Double.doubleToLongBits(largest)};
    }
}
