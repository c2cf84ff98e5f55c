package org.dmad.evaluation.timeseries;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmad.data.NpyArray;
import org.dmad.data.NpyReader;

/**
 * Loads one SMAP/MSL channel from the telemanom layout (see {@link TimeSeriesFormat#SMAP_MSL} for the split).
 * Column 0 is the telemetry value; the others are one-hot command flags.
 */
final class SmapMslSeries {

    private SmapMslSeries() {}

    /**
     * @param file the channel's train/ or test/ array.
     * @param opts the options (unused: arrays have no empty cells, and NaN values are refused).
     * @return the series: training rows then test rows.
     * @throws IOException naming the file and the problem.
     */
    static TimeSeries load(Path file, TimeSeriesOptions opts) throws IOException {
        Path main = TimeSeriesFormat.SMAP_MSL.main(file);
        Path root = main.getParent().getParent();
        Path trainFile = root.resolve("train").resolve(main.getFileName());
        Path labelFile = TimeSeriesFormat.smapLabels(root);
        if (labelFile == null) {
            throw new IOException(
                    main + ": no " + TimeSeriesFormat.SMAP_LABELS + " in " + root + " or its test folder");
        }
        NpyArray train = matrix(trainFile);
        NpyArray test = matrix(main);
        int d = cols(test);
        if (cols(train) != d) {
            throw new IOException(main + ": " + d + " columns, but " + trainFile + " has " + cols(train));
        }
        String channel = TextParsing.base(main);
        int trainLength = train.dim(0);
        int testLength = test.dim(0);
        int length = trainLength + testLength;
        if (testLength == 0 || (long) length * d > NpyReader.MAX_VALUES) {
            throw new IOException(main + ": unusable shape " + test + " (with " + train + ")");
        }
        int[] labels = new int[length];
        for (int[] span : sequences(labelFile, channel, testLength)) {
            for (int i = span[0]; i <= span[1]; i++) {
                labels[trainLength + i] = 1;
            }
        }
        double[] values = new double[length * d];
        System.arraycopy(train.values(), 0, values, 0, train.values().length);
        System.arraycopy(test.values(), 0, values, train.values().length, test.values().length);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                boolean inTrain = i < train.values().length;
                int at = inTrain ? i : i - train.values().length;
                throw new IOException((inTrain ? trainFile : main) + ": row " + at / d + ", column " + at % d + " is "
                        + values[i] + " (values must be finite)");
            }
        }
        List<String> names = new ArrayList<>();
        names.add("telemetry");
        for (int c = 1; c < d; c++) {
            names.add("command" + c);
        }
        TextParsing.Table all = new TextParsing.Table(values, labels, null, length, d, names, "");
        return TextParsing.series(
                main,
                TimeSeriesFormat.SMAP_MSL.seriesName(main),
                TimeSeriesFormat.SMAP_MSL.sha256(main),
                all,
                trainLength,
                trainLength);
    }

    private static NpyArray matrix(Path file) throws IOException {
        NpyArray a = NpyReader.readNpy(file);
        if (a.rank() != 1 && a.rank() != 2) {
            throw new IOException(file + ": shape " + a + " is not steps x dims");
        }
        return a;
    }

    private static int cols(NpyArray a) {
        return a.rank() == 1 ? 1 : a.dim(1);
    }

    /**
     * Reads a channel's inclusive {@code [start, end]} test-index pairs from {@code labeled_anomalies.csv}.
     */
    private static List<int[]> sequences(Path file, String channel, int testLength) throws IOException {
        try (TextParsing.Rows rows = new TextParsing.Rows(file)) {
            String[] header = rows.next();
            int chan = -1;
            int seq = -1;
            int count = -1;
            for (int j = 0; header != null && j < header.length; j++) {
                switch (header[j].trim()) {
                    case "chan_id" -> chan = j;
                    case "anomaly_sequences" -> seq = j;
                    case "num_values" -> count = j;
                    default -> {}
                }
            }
            if (chan < 0 || seq < 0) {
                throw new IOException(file + ": the header lacks chan_id or anomaly_sequences");
            }
            String[] row;
            while ((row = rows.next()) != null) {
                if (row.length != header.length) {
                    throw new IOException(file + ", line " + rows.line() + ": " + row.length + " fields, but the "
                            + "header has " + header.length);
                }
                if (!row[chan].trim().equals(channel)) {
                    continue;
                }
                long line = rows.line();
                if (count >= 0 && !row[count].trim().equals(Integer.toString(testLength))) {
                    throw new IOException(file + ", line " + line + ": num_values " + TextParsing.clip(row[count])
                            + " for " + channel + ", but its test array has " + testLength + " rows");
                }
                JsonNode pairs;
                try {
                    pairs = new ObjectMapper().readTree(row[seq]);
                } catch (JacksonException e) {
                    throw new IOException(
                            file + ", line " + line + ": anomaly_sequences is not a list of [start, " + "end] pairs: "
                                    + TextParsing.clip(row[seq]),
                            e);
                }
                List<int[]> out = new ArrayList<>();
                for (int k = 0; pairs != null && pairs.isArray() && k < pairs.size(); k++) {
                    JsonNode p = pairs.get(k);
                    if (!p.isArray()
                            || p.size() != 2
                            || !p.get(0).canConvertToInt()
                            || !p.get(1).canConvertToInt()
                            || !p.get(0).isIntegralNumber()
                            || !p.get(1).isIntegralNumber()) {
                        throw new IOException(file + ", line " + line + ": anomaly sequence " + p + " is not an "
                                + "integer [start, end] pair");
                    }
                    int a = p.get(0).asInt();
                    int b = p.get(1).asInt();
                    if (a < 0 || a > b || b >= testLength) {
                        throw new IOException(file + ", line " + line + ": anomaly sequence [" + a + ", " + b + "] of "
                                + channel + " is outside its " + testLength + " test rows");
                    }
                    out.add(new int[] {a, b});
                }
                if (pairs == null || !pairs.isArray()) {
                    throw new IOException(file + ", line " + line + ": anomaly_sequences is not a list of [start, "
                            + "end] pairs: " + TextParsing.clip(row[seq]));
                }
                return out;
            }
        }
        throw new IOException(file + " has no row for channel " + channel + ", so its anomalies are unknown");
    }
}
