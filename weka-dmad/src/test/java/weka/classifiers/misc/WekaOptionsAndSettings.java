package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.Setting;
import org.tribuo.provenance.TrainerProvenance;
import weka.core.Utils;

/**
 * Compares a Weka classifier's options with the settings of a Tribuo trainer, by name: every {@code @Config} setting
 * must be a Weka option with the same value, and every option of the classifier must be a setting (apart from
 * Weka's general options). Lists are compared as Weka writes them, comma-separated; numbers by value.
 */
final class WekaOptionsAndSettings {

    /** Settings whose Weka option has another name: Weka's seed option, and -K because Weka's evaluation owns -k. */
    private static final Map<String, String> OPTION_NAMES = Map.of("seed", "S", "k", "K");

    /** Weka's general classifier options, which no trainer setting corresponds to. */
    private static final String[] WEKA_GENERAL = {"num-decimal-places", "batch-size"};

    private static final String[] WEKA_GENERAL_FLAGS = {"output-debug-info", "do-not-check-capabilities"};

    private WekaOptionsAndSettings() {}

    /**
     * Asserts that the options and the trainer's settings are the same settings with the same values.
     *
     * @param classifier the classifier, for the settings it uses.
     * @param options the classifier's options ({@code getOptions()}: every setting).
     * @param trainer the trainer's provenance.
     * @throws Exception when the options cannot be parsed.
     */
    static void assertSame(DMADClassifier classifier, String[] options, TrainerProvenance trainer) throws Exception {
        String[] remaining = options.clone();
        Set<String> used = classifier.settings().stream().map(Setting::name).collect(Collectors.toSet());
        for (Map.Entry<String, Provenance> setting :
                trainer.getConfiguredParameters().entrySet()) {
            String name = setting.getKey();
            String option = OPTION_NAMES.getOrDefault(name, name);
            if (!used.contains(name)) {
                // A setting that does nothing for this detector: not an option, and at the trainer's default.
                assertEquals(Utils.getOption(option, remaining), "", "-" + option + " is listed");
                assertEqualValues(text(setting.getValue()), classifier.getSetting(name), name);
                continue;
            }
            String value = Utils.getOption(option, remaining);
            assertFalse(
                    value.isEmpty(),
                    "Tribuo setting " + name + " has no Weka option -" + option + " in " + Arrays.toString(options));
            assertEqualValues(text(setting.getValue()), value, name);
        }
        for (String general : WEKA_GENERAL) {
            Utils.getOption(general, remaining);
        }
        for (String flag : WEKA_GENERAL_FLAGS) {
            Utils.getFlag(flag, remaining);
        }
        assertTrue(
                Arrays.stream(remaining).allMatch(String::isEmpty),
                "Weka options that are no Tribuo setting of " + trainer.getClassName() + ": "
                        + Utils.joinOptions(remaining));
    }

    /**
     * Asserts that two values written as text are equal: as numbers when both are numbers, else letter for letter.
     *
     * @param expected the expected value.
     * @param actual   the actual value.
     * @param name     the setting, for the message.
     */
    static void assertEqualValues(String expected, String actual, String name) {
        Double e = number(expected);
        Double a = number(actual);
        if (e != null && a != null) {
            assertEquals(e, a, name);
        } else {
            assertEquals(expected, actual, name);
        }
    }

    private static Double number(String text) {
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(Provenance value) {
        if (value instanceof ListProvenance<?> list) {
            return StreamSupport.stream(list.spliterator(), false)
                    .map(WekaOptionsAndSettings::text)
                    .collect(Collectors.joining(","));
        }
        return String.valueOf(((PrimitiveProvenance<?>) value).getValue());
    }
}
