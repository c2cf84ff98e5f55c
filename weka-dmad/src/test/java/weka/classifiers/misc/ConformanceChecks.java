package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import weka.classifiers.CheckClassifier;
import weka.core.Attribute;
import weka.core.CheckGOE;
import weka.core.CheckOptionHandler;
import weka.core.OptionHandler;

/**
 * Weka's conformance checks for classifiers, with the outcome each check must have for an anomaly detector that
 * takes numeric attributes and a unary/binary class (or none). A refusal counts only with Weka's acceptable error
 * message, so a crash with an unrelated exception fails. A subclass of CheckClassifier, because Weka keeps the
 * individual checks protected; CheckClassifier's report is kept for failure messages.
 */
final class ConformanceChecks extends CheckClassifier {

    private static final boolean[] WORKS = {true, false};
    private static final boolean[] REFUSED_CLEARLY = {false, true};

    private final ByteArrayOutputStream report = new ByteArrayOutputStream();

    /**
     * Checks a classifier, on data with 3 numeric attributes (the fewest the DTE posteriors accept).
     *
     * @param classifier the configured classifier.
     */
    ConformanceChecks(weka.classifiers.Classifier classifier) {
        setClassifier(classifier);
        setNumNumeric(3);
        setDebug(true);
    }

    @Override
    protected void print(Object msg) {
        report.writeBytes(String.valueOf(msg).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void println(Object msg) {
        print(msg + "\n");
    }

    @Override
    protected void println() {
        print("\n");
    }

    private String report() {
        return report.toString(StandardCharsets.UTF_8);
    }

    private void expect(boolean[] expected, boolean[] actual, String check) {
        // Index 0: the scheme handled it; index 1: it failed with an acceptable message (only meaningful when 0 is
        // false). A success that merely performs worse than ZeroR reports [true, true]: count it as working.
        boolean[] outcome = actual[0] ? WORKS : actual;
        assertArrayEquals(expected, outcome, check + ":\n" + report());
    }

    /** Option handling, serialVersionUID and toString are there; neither updateable nor weighted. */
    void interfaces() {
        assertTrue(canTakeOptions()[0], report());
        assertTrue(declaresSerialVersionUID()[0], report());
        assertTrue(testToString()[0], report());
        assertTrue(!updateableClassifier()[0] && !weightedInstancesHandler()[0]);
    }

    /** Numeric attributes and a binary class work; everything else is refused clearly. */
    void binaryClassWithNumericAttributes() {
        int c = Attribute.NOMINAL;
        expect(WORKS, canPredict(false, true, false, false, false, false, c), "numeric attributes");
        expect(REFUSED_CLEARLY, canPredict(true, false, false, false, false, false, c), "nominal attributes");
        expect(REFUSED_CLEARLY, canPredict(false, false, true, false, false, false, c), "string attributes");
        expect(REFUSED_CLEARLY, canPredict(false, false, false, true, false, false, c), "date attributes");
        expect(REFUSED_CLEARLY, canPredict(false, false, false, false, true, false, c), "relational attributes");
        expect(REFUSED_CLEARLY, canHandleNClasses(false, true, false, false, false, false, 4), "four classes");
        expect(WORKS, canHandleClassAsNthAttribute(false, true, false, false, false, false, c, 0), "class first");
        expect(WORKS, canHandleClassAsNthAttribute(false, true, false, false, false, false, c, 1), "class second");
        expect(REFUSED_CLEARLY, canHandleZeroTraining(false, true, false, false, false, false, c), "no training rows");
        expect(
                REFUSED_CLEARLY,
                canHandleMissing(false, true, false, false, false, false, c, true, false, 20),
                "missing attribute values");
        expect(
                WORKS,
                canHandleMissing(false, true, false, false, false, false, c, false, true, 20),
                "20% missing class values");
        expect(
                WORKS,
                canHandleMissing(false, true, false, false, false, false, c, false, true, 100),
                "100% missing class values");
        expect(WORKS, correctBuildInitialisation(false, true, false, false, false, false, c), "build initialisation");
        expect(WORKS, datasetIntegrity(false, true, false, false, false, false, c, false, true), "dataset integrity");
        expect(WORKS, doesntUseTestClassVal(false, true, false, false, false, false, c), "test class values unused");
    }

    /** Numeric, date, string and relational classes are refused clearly. */
    void otherClassTypesAreRefused() {
        for (int c : new int[] {Attribute.NUMERIC, Attribute.DATE, Attribute.STRING, Attribute.RELATIONAL}) {
            expect(
                    REFUSED_CLEARLY,
                    canPredict(false, true, false, false, false, false, c),
                    "class type " + Attribute.typeToString(c));
        }
    }

    /**
     * Weka's option-handler checks.
     *
     * @param handler     a handler with default settings.
     * @param userOptions options changing every setting.
     * @throws Exception when a check cannot run.
     */
    static void optionHandling(OptionHandler handler, String[] userOptions) throws Exception {
        CheckOptionHandler check = new CheckOptionHandler();
        check.setOptionHandler(handler);
        check.setUserOptions(userOptions.clone());
        check.setSilent(true);
        assertTrue(check.checkListOptions(), "listOptions");
        assertTrue(check.checkSetOptions(), "setOptions");
        assertTrue(check.checkDefaultOptions(), "default options");
        assertTrue(check.checkRemainingOptions(), "remaining options");
        assertTrue(check.checkCanonicalUserOptions(), "canonical user options");
        assertTrue(check.checkResettingOptions(), "resetting options");
    }

    /**
     * Weka's GenericObjectEditor checks: a global info and a tip text for every property.
     *
     * @param object the object.
     */
    static void genericObjectEditor(Object object) {
        CheckGOE check = new CheckGOE();
        check.setObject(object);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        boolean globalInfo;
        boolean toolTips;
        try {
            globalInfo = check.checkGlobalInfo();
            toolTips = check.checkToolTips();
        } finally {
            System.setOut(previous);
        }
        assertTrue(globalInfo && toolTips, out.toString(StandardCharsets.UTF_8));
    }
}
