package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads numbers from the text Weka's command-line evaluation prints. */
final class EvaluationOutput {

    private EvaluationOutput() {}

    /**
     * The ROC area of the anomaly class in the test-set section of Weka's evaluation output.
     *
     * @param output the output of {@code weka.Run} or {@code Evaluation.evaluateModel} with a test file.
     * @return the ROC area, as printed (three decimals).
     */
    static double testSetRocArea(String output) {
        int section = output.indexOf("=== Error on test data ===");
        assertTrue(section >= 0, "No test-set evaluation in:\n" + output);
        String tail = output.substring(section);
        int table = tail.indexOf("=== Detailed Accuracy By Class ===");
        assertTrue(table >= 0, "No per-class table in:\n" + tail);
        // Columns: TP Rate, FP Rate, Precision, Recall, F-Measure, MCC, ROC Area, PRC Area, Class.
        Matcher row =
                Pattern.compile("(?m)^\\s+((?:[-\\d.?]+\\s+){8})anomaly\\s*$").matcher(tail.substring(table));
        assertTrue(row.find(), "No row for class 'anomaly' in:\n" + tail);
        return Double.parseDouble(row.group(1).trim().split("\\s+")[6]);
    }
}
