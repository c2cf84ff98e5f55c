package org.dmad.evaluation.timeseries;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;

/**
 * Loads a NAB series: the CSV plus its windows from {@code labels/combined_windows.json} (see
 * {@link TimeSeriesFormat#NAB} for the split).
 */
final class NabSeries {

    /** NAB's probationary fraction and the length beyond which the period stops growing (NAB's scorer). */
    private static final double PROBATION = 0.15;

    private static final int PROBATION_CAP_LENGTH = 5000;

    private NabSeries() {}

    /**
     * @param file the data CSV.
     * @param opts the options (missing values).
     * @return the series.
     * @throws IOException naming the file and the problem, e.g. a file absent from the windows file.
     */
    static TimeSeries load(Path file, TimeSeriesOptions opts) throws IOException {
        Path main = TimeSeriesFormat.NAB.main(file);
        Path root = TimeSeriesFormat.nabRoot(main);
        if (root == null) {
            throw new IOException(main + ": no " + TimeSeriesFormat.NAB_WINDOWS + " in any folder above it");
        }
        Path windowsFile = root.resolve(TimeSeriesFormat.NAB_WINDOWS);
        String key = main.getParent().getFileName() + "/" + main.getFileName();
        JsonNode windows;
        try {
            windows = new ObjectMapper().readTree(windowsFile.toFile()).get(key);
        } catch (JacksonException e) {
            throw new IOException(windowsFile + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (windows == null) {
            throw new IOException(main + ": no entry \"" + key + "\" in " + windowsFile
                    + ", so the file's anomaly windows are unknown");
        }
        if (!windows.isArray()) {
            throw new IOException(windowsFile + ": the entry \"" + key + "\" is not a list of windows");
        }
        double[][] spans = new double[windows.size()][];
        for (int w = 0; w < spans.length; w++) {
            JsonNode pair = windows.get(w);
            if (!pair.isArray()
                    || pair.size() != 2
                    || !pair.get(0).isTextual()
                    || !pair.get(1).isTextual()) {
                throw new IOException(windowsFile + ": window " + w + " of \"" + key + "\" is not a pair of "
                        + "timestamps: " + pair);
            }
            try {
                spans[w] = new double[] {
                    TextParsing.epochSeconds(pair.get(0).asText()),
                    TextParsing.epochSeconds(pair.get(1).asText())
                };
            } catch (DateTimeParseException e) {
                throw new IOException(
                        windowsFile + ": window " + w + " of \"" + key + "\" has an unreadable " + "timestamp: " + pair,
                        e);
            }
        }
        TextParsing.Table t;
        try (TextParsing.Rows rows = new TextParsing.Rows(main)) {
            String[] header = rows.next();
            for (int j = 0; header != null && j < header.length; j++) {
                header[j] = header[j].trim();
            }
            if (header == null || header.length != 2 || !header[0].equals("timestamp") || !header[1].equals("value")) {
                throw new IOException(main + ": the header is not timestamp,value, as NAB files have");
            }
            t = TextParsing.table(main, rows, header, "value", 0, -1, opts.missing());
        }
        int[] labels = t.labels();
        double[] times = t.times();
        for (int i = 0; i < t.length(); i++) {
            for (double[] span : spans) {
                if (times[i] >= span[0] && times[i] <= span[1]) {
                    labels[i] = 1;
                    break;
                }
            }
        }
        int probation = (int) Math.min(Math.floor(PROBATION * t.length()), PROBATION * PROBATION_CAP_LENGTH);
        return TextParsing.series(
                main, TimeSeriesFormat.NAB.seriesName(main), TimeSeriesFormat.NAB.sha256(main), t, probation, 0);
    }
}
