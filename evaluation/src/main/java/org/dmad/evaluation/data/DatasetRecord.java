package org.dmad.evaluation.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a dataset came from and what it holds: the provenance recorded with every result computed on it.
 *
 * @param name      the dataset name (file name without extension, or the generated suite member).
 * @param source    the absolute file path, or {@code generated:<recipe>} for generated data.
 * @param sha256    the SHA-256 of the file's bytes, or of the generator recipe for generated data.
 * @param rows      the number of rows.
 * @param columns   the number of feature columns.
 * @param anomalies the number of rows labelled anomalous.
 */
public record DatasetRecord(String name, String source, String sha256, int rows, int columns, int anomalies) {

    /**
     * The record as ordered string facts for JSON and provenance maps.
     *
     * @return the facts.
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("source", source);
        m.put("sha256", sha256);
        m.put("rows", Integer.toString(rows));
        m.put("columns", Integer.toString(columns));
        m.put("anomalies", Integer.toString(anomalies));
        return m;
    }
}
