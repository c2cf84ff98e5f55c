package org.dmad.evaluation.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small data files the tests train and score on, written from generated tables. */
public final class TabularFiles {

    private TabularFiles() {}

    /**
     * Writes a table as a CSV file with its feature names and a label column.
     *
     * @param dir  the folder.
     * @param name the file name.
     * @param t    the table.
     * @return the file.
     * @throws IOException when it cannot be written.
     */
    public static Path csv(Path dir, String name, TabularData t) throws IOException {
        StringBuilder b = new StringBuilder(String.join(",", t.featureNames())).append(",label\n");
        for (int i = 0; i < t.rows(); i++) {
            for (int j = 0; j < t.columns(); j++) {
                b.append(t.x()[i * t.columns() + j]).append(',');
            }
            b.append(t.y()[i]).append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, b);
        return p;
    }
}
