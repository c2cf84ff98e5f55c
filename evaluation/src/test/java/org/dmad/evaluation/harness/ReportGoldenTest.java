package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.dmad.evaluation.detectors.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report files ({@code summary.md}, {@code report.html}) of a small tabular and a small series benchmark, byte
 * for byte: the resources under {@code report-golden/} were written by the code before the tabular and the series
 * report became one ({@code Report} and {@code SeriesReport}). The rows pin the per-task differences: failed runs, a detector without any successful run on a
 * dataset, an ok run with a NaN metric (a tabular cell's mean includes it, a series cell's mean skips it), a series
 * with published figures, and the ROC/PR curves read from the run records' score files. The PNG charts embedded in
 * report.html depend on the fonts of the machine, so they are compared by their size in pixels (each must decode);
 * everything around them byte for byte. Set the environment variable {@code DMAD_REPORT_GOLDEN=DIR} to write the normalised files to DIR.
 */
class ReportGoldenTest {

    private static final Pattern PNG = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)");

    static List<ResultRow> tabularRows() {
        List<ResultRow> rows = new ArrayList<>();
        String[] datasets = {"cardio", "thyroid"};
        String[] detectors = {"iforest", "knn", "ae", "ocsvm"};
        for (long seed = 0; seed < 2; seed++) {
            for (int d = 0; d < datasets.length; d++) {
                for (int k = 0; k < detectors.length; k++) {
                    String ds = datasets[d];
                    String det = detectors[k];
                    if (ds.equals("thyroid") && det.equals("ae") || det.equals("ocsvm")) {
                        rows.add(ResultRow.tabular(
                                ds,
                                det,
                                seed,
                                "semi",
                                ResultRow.ERROR,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                0,
                                0,
                                90,
                                40,
                                6,
                                "out of memory <seed " + seed + ">"));
                        continue;
                    }
                    double auroc = ds.equals("cardio") && det.equals("knn") && seed == 1
                            ? Double.NaN
                            : 0.5 + 0.1 * k + 0.03 * d + 0.01 * seed;
                    rows.add(ResultRow.tabular(
                            ds,
                            det,
                            seed,
                            "semi",
                            ResultRow.OK,
                            auroc,
                            0.2 + 0.05 * k + 0.02 * seed,
                            0.1 + 0.07 * k,
                            1.5 + k + 0.25 * seed,
                            0.0125 * (k + 1),
                            90,
                            40,
                            ds.equals("cardio") ? 21 : 6,
                            ""));
                }
            }
        }
        return rows;
    }

    static List<ResultRow> seriesRows() {
        List<ResultRow> rows = new ArrayList<>();
        String[] series = {"smd/machine-2-1", "synthetic-spike"};
        String[] detectors = {"iforest", "ocsvm", "ts-recon", "ts-impute"};
        for (long seed = 0; seed < 2; seed++) {
            for (int s = 0; s < series.length; s++) {
                for (int k = 0; k < detectors.length; k++) {
                    String name = series[s];
                    String det = detectors[k];
                    if (name.equals("synthetic-spike") && det.equals("ocsvm") || det.equals("ts-impute")) {
                        rows.add(ResultRow.series(
                                name,
                                det,
                                seed,
                                50,
                                1,
                                ResultRow.ERROR,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                0,
                                0,
                                0,
                                900,
                                1,
                                "the training part has 3 points & <no> window"));
                        continue;
                    }
                    double auroc = name.equals("smd/machine-2-1") && det.equals("ts-recon") && seed == 1
                            ? Double.NaN
                            : 0.6 + 0.1 * k + 0.02 * s + 0.005 * seed;
                    double b = 0.1 * k + 0.01 * s + 0.003 * seed;
                    rows.add(ResultRow.series(
                            name,
                            det,
                            seed,
                            50,
                            2,
                            ResultRow.OK,
                            auroc,
                            0.2 + b,
                            0.3 + b,
                            0.4 + b,
                            0.5 + b,
                            0.9 - b,
                            0.35 + b,
                            0.25 + b,
                            12.25 + k + seed,
                            3.5 + 0.5 * k,
                            400,
                            900,
                            name.startsWith("smd") ? 38 : 1,
                            ""));
                }
            }
        }
        return rows;
    }

    /** Writes the score files the tabular report draws its curves from (first seed, successful runs). */
    static RunRecords tabularRecords(Path dir, List<ResultRow> rows) throws IOException {
        RunRecords records = new RunRecords(dir.resolve("runs"));
        int i = 0;
        for (ResultRow r : rows) {
            if (!r.ok() || r.seed() != 0) {
                continue;
            }
            int n = 40;
            int[] labels = new int[n];
            double[] scores = new double[n];
            for (int t = 0; t < n; t++) {
                labels[t] = t % 5 == 0 ? 1 : 0;
                scores[t] = ((t * 37 + i * 11) % 41) / 41.0 + 0.4 * labels[t] * (i % 3) / 2.0;
            }
            records.write(r, "{}", RunRecords.scoresCsv(labels, scores));
            i++;
        }
        return records;
    }

    @Test
    void tabularReportIsByteIdentical(@TempDir Path dir) throws IOException {
        List<ResultRow> rows = tabularRows();
        Report.write(dir, Task.TABULAR, rows, tabularRecords(dir, rows));
        check(dir, "tabular", 3);
    }

    @Test
    void seriesReportIsByteIdentical(@TempDir Path dir) throws IOException {
        Report.write(dir, Task.TIMESERIES, seriesRows(), new RunRecords(dir.resolve("runs")));
        check(dir, "timeseries", 0);
    }

    @Test
    void aLayoutNamingAMetricOfAnotherTaskIsRefused() {
        Report.Layout t = Report.Layout.TABULAR;
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Report.Layout(
                        t.task(),
                        t.title(),
                        t.pageTitle(),
                        t.intro(),
                        t.rowHeader(),
                        t.align(),
                        t.averaging(),
                        List.of(new Report.MetricTable(
                                "vus_pr", "VUS-PR", "VUS-PR", new Report.Number(1, "%.3f", "-"), "-", false)),
                        t.detectorTitle(),
                        t.detectorColumns(),
                        false,
                        t.failure(),
                        true,
                        false,
                        Report.Page.CHARTS));
        assertTrue(e.getMessage().contains("vus_pr"), e.getMessage());
        assertEquals(Report.Layout.TIMESERIES, Report.Layout.of(Task.TIMESERIES));
    }

    private static void check(Path dir, String task, int images) throws IOException {
        String md = Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8);
        String html = normalise(Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8), images);
        String golden = System.getenv("DMAD_REPORT_GOLDEN");
        if (golden != null) {
            Path out = Path.of(golden, task);
            Files.createDirectories(out);
            Files.writeString(out.resolve("summary.md"), md, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("report.html"), html, StandardCharsets.UTF_8);
        }
        assertEquals(GoldenFiles.read("report-golden/" + task + "/summary.md"), md);
        assertEquals(GoldenFiles.read("report-golden/" + task + "/report.html"), html);
    }

    /** Replaces each embedded PNG by its size, checking that it decodes. */
    private static String normalise(String html, int atLeast) throws IOException {
        Matcher m = PNG.matcher(html);
        StringBuilder sb = new StringBuilder();
        int count = 0;
        while (m.find()) {
            var image =
                    ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertTrue(image != null, "an embedded chart is not a PNG image");
            m.appendReplacement(sb, "data:image/png;base64,PNG-" + image.getWidth() + "x" + image.getHeight());
            count++;
        }
        m.appendTail(sb);
        assertTrue(count >= atLeast, "expected at least " + atLeast + " charts, found " + count);
        return sb.toString();
    }
}
