package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmad.weka.DMADClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import weka.core.Option;
import weka.core.Utils;

/**
 * Weka's conformance checks ({@link ConformanceChecks}: CheckClassifier, CheckOptionHandler, CheckGOE) for every dmad
 * classifier with small settings, and the agreement of each classifier's defaults with its Tribuo trainer's.
 */
class DMADClassifierConformanceTest {

    private static final String CASES = "weka.classifiers.misc.DetectorCase#classifiers";

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void interfaces(DetectorCase c) throws Exception {
        new ConformanceChecks(c.small()).interfaces();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void binaryClassWithNumericAttributes(DetectorCase c) throws Exception {
        new ConformanceChecks(c.small()).binaryClassWithNumericAttributes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void otherClassTypesAreRefused(DetectorCase c) throws Exception {
        new ConformanceChecks(c.small()).otherClassTypesAreRefused();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void optionHandling(DetectorCase c) throws Exception {
        ConformanceChecks.optionHandling(c.factory().get(), c.userOptions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void genericObjectEditor(DetectorCase c) {
        ConformanceChecks.genericObjectEditor(c.factory().get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void defaultsAreTribuos(DetectorCase c) throws Exception {
        DMADClassifier classifier = c.factory().get();
        WekaOptionsAndSettings.assertSame(
                classifier, classifier.getOptions(), c.defaults().get().getProvenance());
    }

    /** An option description that states a default, "(default X)", states the classifier's actual default. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void optionDescriptionsStateTheDefaults(DetectorCase c) throws Exception {
        DMADClassifier classifier = c.factory().get();
        String[] defaults = classifier.getOptions();
        Pattern stated = Pattern.compile("\\(default ([^)]*)\\)");
        int checked = 0;
        for (Option option : Collections.list(classifier.listOptions())) {
            Matcher m = stated.matcher(option.description());
            if (!m.find() || option.numArguments() == 0) {
                continue;
            }
            String actual = Utils.getOption(option.name(), defaults.clone());
            if (actual.isEmpty()) {
                // Weka's general options (such as -num-decimal-places) are left out at their defaults; every dmad
                // setting is written, as defaultsAreTribuos checks.
                continue;
            }
            String statedDefault = m.group(1).replace(", as in Tribuo", "");
            WekaOptionsAndSettings.assertEqualValues(statedDefault, actual, "-" + option.name());
            checked++;
        }
        assertTrue(checked >= 8, "only " + checked + " options state their default");
    }
}
