package org.dmad.evaluation.timeseries;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loaders for the single-file text formats: generic CSV, TSB-AD CSV, TSB-UAD {@code .out} and UCR {@code .txt}. The
 * split conventions are documented on {@link TimeSeriesFormat}.
 */
final class TextFormatLoaders {

    private static final Pattern TSB_AD_TRAIN = Pattern.compile("_tr_(\\d+)(?:_|$)");

    private TextFormatLoaders() {}

    /**
     * Loads a generic CSV: header, optional timestamp and label columns, every other column a channel.
     *
     * @param file the file.
     * @param opts the options (columns, missing values, training fraction).
     * @return the series.
     * @throws IOException naming the file and line of the first problem.
     */
    static TimeSeries csv(Path file, TimeSeriesOptions opts) throws IOException {
        try (TextParsing.Rows rows = new TextParsing.Rows(file)) {
            String[] header = header(file, rows);
            int time = indexOf(header, opts.timestampColumn());
            int label = indexOf(header, opts.labelColumn());
            for (int j = 0; j < header.length; j++) {
                if (j != time && j != label && looksNumeric(header[j])) {
                    throw new IOException(file + ": the first row looks like data (" + TextParsing.clip(header[j])
                            + "), but a header row with column names is required");
                }
            }
            TextParsing.Table t = TextParsing.table(file, rows, header, "column", time, label, opts.missing());
            return finish(TimeSeriesFormat.CSV, file, t, opts.trainEnd(t.length(), 0));
        }
    }

    /**
     * Loads a TSB-AD CSV: header, last column {@code Label}, {@code tr_<n>} in the name.
     *
     * @param file the file.
     * @param opts the options (missing values; the training fraction when the name lacks {@code tr_<n>}).
     * @return the series.
     * @throws IOException naming the file and line of the first problem.
     */
    static TimeSeries tsbAd(Path file, TimeSeriesOptions opts) throws IOException {
        try (TextParsing.Rows rows = new TextParsing.Rows(file)) {
            String[] header = header(file, rows);
            if (header.length < 2 || !header[header.length - 1].equals("Label")) {
                throw new IOException(file + ": the last header column is not 'Label', as TSB-AD files have");
            }
            TextParsing.Table t =
                    TextParsing.table(file, rows, header, "column", -1, header.length - 1, opts.missing());
            Matcher m = TSB_AD_TRAIN.matcher(TextParsing.base(file));
            int trainEnd;
            if (m.find()) {
                long n = number(m.group(1));
                if (n > t.length()) {
                    throw new IOException(file + ": the name gives a training part of " + n + " steps (tr_" + n
                            + "), but the series has only " + t.length());
                }
                trainEnd = (int) n;
            } else {
                trainEnd = opts.trainEnd(t.length(), 0);
            }
            return finish(TimeSeriesFormat.TSB_AD, file, t, trainEnd);
        }
    }

    /**
     * Loads a TSB-UAD {@code .out} file: headerless {@code value,label} rows.
     *
     * @param file the file.
     * @param opts the options (missing values, training fraction, default 0.1).
     * @return the series.
     * @throws IOException naming the file and line of the first problem.
     */
    static TimeSeries tsbUad(Path file, TimeSeriesOptions opts) throws IOException {
        try (TextParsing.Rows rows = new TextParsing.Rows(file)) {
            TextParsing.Table t =
                    TextParsing.table(file, rows, new String[] {"value", "label"}, "value", -1, 1, opts.missing());
            return finish(TimeSeriesFormat.TSB_UAD, file, t, opts.trainEnd(t.length(), 0.1));
        }
    }

    /**
     * Loads a UCR anomaly-archive file: values separated by line breaks or blanks, the split and the anomaly in the
     * name.
     *
     * @param file the file.
     * @param opts the options (missing values).
     * @return the series.
     * @throws IOException naming the file and the problem.
     */
    static TimeSeries ucr(Path file, TimeSeriesOptions opts) throws IOException {
        Matcher m = TimeSeriesFormat.UCR_NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IOException(
                    file + ": the name does not match <id>_UCR_Anomaly_<name>_<trainEnd>_<start>_<end>" + ".txt");
        }
        long trainEnd = number(m.group(3));
        long start = number(m.group(4));
        long end = number(m.group(5));
        TextParsing.Cells cells = new TextParsing.Cells(file, opts.missing());
        TextParsing.Doubles values = new TextParsing.Doubles();
        try (TextParsing.Rows rows = new TextParsing.Rows(file)) {
            String[] row;
            while ((row = rows.next()) != null) {
                for (String field : row) {
                    for (String token : field.trim().split("\\s+")) {
                        values.add(cells.parse(token, rows.line(), "value"));
                    }
                }
            }
        }
        int n = values.size();
        if (n == 0) {
            throw new IOException(file + " is empty");
        }
        if (!(trainEnd <= start && start < end && end <= n)) {
            throw new IOException(file + ": the name's split does not fit the series: training part [0, " + trainEnd
                    + "), anomaly [" + start + ", " + end + ") in a series of " + n + " values (need trainEnd <= "
                    + "start < end <= length)");
        }
        double[] v = values.toArray();
        String missing = cells.fill(v, n, 1, List.of("value"));
        int[] labels = new int[n];
        for (int i = (int) start; i < end; i++) {
            labels[i] = 1;
        }
        TextParsing.Table t = new TextParsing.Table(v, labels, null, n, 1, List.of("value"), missing);
        return finish(TimeSeriesFormat.UCR, file, t, (int) trainEnd);
    }

    private static TimeSeries finish(TimeSeriesFormat f, Path file, TextParsing.Table t, int trainEnd)
            throws IOException {
        Path main = f.main(file);
        return TextParsing.series(main, f.seriesName(main), f.sha256(main), t, trainEnd, 0);
    }

    private static String[] header(Path file, TextParsing.Rows rows) throws IOException {
        String[] header = rows.next();
        if (header == null) {
            throw new IOException(file + " is empty: a header row is required");
        }
        for (int j = 0; j < header.length; j++) {
            header[j] = header[j].trim();
        }
        return header;
    }

    private static int indexOf(String[] header, String column) {
        if (column == null) {
            return -1;
        }
        for (int j = 0; j < header.length; j++) {
            if (header[j].equals(column)) {
                return j;
            }
        }
        return -1;
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long number(String digits) {
        return digits.length() > 10 ? Long.MAX_VALUE / 2 : Long.parseLong(digits);
    }
}
