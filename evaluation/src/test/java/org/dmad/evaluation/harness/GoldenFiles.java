package org.dmad.evaluation.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The expected files of the golden tests: test resources of this package. */
final class GoldenFiles {

    private GoldenFiles() {}

    /**
     * Reads an expected file.
     *
     * @param name its path under this package's resources, e.g. {@code report-golden/tabular/summary.md}.
     * @return its text (UTF-8).
     * @throws IOException when it is missing or cannot be read.
     */
    static String read(String name) throws IOException {
        try (InputStream in = GoldenFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
