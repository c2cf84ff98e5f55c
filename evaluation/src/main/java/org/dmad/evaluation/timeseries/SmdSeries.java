package org.dmad.evaluation.timeseries;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads one SMD machine from the OmniAnomaly text layout (see {@link TimeSeriesFormat#SMD} for the split).
 */
final class SmdSeries {

    private SmdSeries() {}

    /**
     * @param file any of the machine's three files (train/, test/ or test_label/).
     * @param opts the options (missing values).
     * @return the series: training rows then test rows.
     * @throws IOException naming the file and line of the first problem.
     */
    static TimeSeries load(Path file, TimeSeriesOptions opts) throws IOException {
        Path main = TimeSeriesFormat.SMD.main(file);
        Path root = main.getParent().getParent();
        Path trainFile = root.resolve("train").resolve(main.getFileName());
        Path labelFile = root.resolve("test_label").resolve(main.getFileName());
        TextParsing.Table train = read(trainFile, opts);
        TextParsing.Table test = read(main, opts);
        if (train.channels() != test.channels()) {
            throw new IOException(
                    main + ": " + test.channels() + " columns, but " + trainFile + " has " + train.channels());
        }
        int[] testLabels = new int[test.length()];
        int n = 0;
        try (TextParsing.Rows rows = new TextParsing.Rows(labelFile)) {
            String[] row;
            while ((row = rows.next()) != null) {
                if (row.length != 1) {
                    throw new IOException(labelFile + ", line " + rows.line() + ": " + row.length + " fields, but a "
                            + "label file has one 0/1 label per line");
                }
                if (n == testLabels.length) {
                    throw new IOException(labelFile + ": more labels than the " + test.length() + " rows of " + main);
                }
                testLabels[n++] = TextParsing.label(row[0], labelFile, rows.line());
            }
        }
        if (n != test.length()) {
            throw new IOException(labelFile + ": " + n + " labels for the " + test.length() + " rows of " + main);
        }
        int d = test.channels();
        int length = train.length() + test.length();
        double[] values = new double[length * d];
        System.arraycopy(train.values(), 0, values, 0, train.values().length);
        System.arraycopy(test.values(), 0, values, train.values().length, test.values().length);
        int[] labels = new int[length];
        System.arraycopy(testLabels, 0, labels, train.length(), test.length());
        List<String> names = new ArrayList<>();
        for (int c = 1; c <= d; c++) {
            names.add("metric" + c);
        }
        String missing = train.missing().isEmpty() ? test.missing() : train.missing();
        TextParsing.Table all = new TextParsing.Table(values, labels, null, length, d, names, missing);
        return TextParsing.series(
                main,
                TimeSeriesFormat.SMD.seriesName(main),
                TimeSeriesFormat.SMD.sha256(main),
                all,
                train.length(),
                train.length());
    }

    private static TextParsing.Table read(Path file, TimeSeriesOptions opts) throws IOException {
        try (TextParsing.Rows rows = new TextParsing.Rows(file)) {
            return TextParsing.table(file, rows, null, "metric", -1, -1, opts.missing());
        }
    }
}
