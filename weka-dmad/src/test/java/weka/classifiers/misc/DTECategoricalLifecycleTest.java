package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dmad.engine.TrainingInterruptedException;
import org.junit.jupiter.api.Test;
import weka.core.Attribute;
import weka.core.Instances;
import weka.core.NoSupportForMissingValuesException;
import weka.core.UnsupportedAttributeTypeException;
import weka.core.Utils;
import weka.gui.Logger;

/**
 * Stopping a training, and what buildClassifier accepts and leaves alone (saving and loading a model is
 * {@link DetectorTribuoTest}'s, for every classifier).
 */
class DTECategoricalLifecycleTest {

    private static final Instances TRAIN = DetectorData.generate(200, 0, 3, 11).instances("train");
    private static final Instances TEST = DetectorData.generate(40, 10, 3, 12).instances("test");

    private static DTECategorical small() throws Exception {
        DTECategorical c = new DTECategorical();
        c.setOptions(DetectorData.SMALL_OPTIONS.clone());
        return c;
    }

    @Test
    void interruptStopsTrainingPromptlyAndLeavesNoModel() throws Exception {
        DTECategorical classifier = small();
        classifier.setSetting("epochs", "100000");
        CountDownLatch training = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // Progress reaches the Explorer's status bar through Weka's LogHandler: "epoch n of N".
        classifier.setLog(new Logger() {
            @Override
            public void logMessage(String message) {}

            @Override
            public void statusMessage(String message) {
                if (message.contains("epoch 1 of 100000")) {
                    training.countDown();
                }
            }
        });
        Thread thread = new Thread(
                () -> {
                    try {
                        classifier.buildClassifier(TRAIN);
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "weka-training");
        thread.start();
        assertTrue(training.await(60, TimeUnit.SECONDS), "training did not start");
        long interrupted = System.nanoTime();
        thread.interrupt();
        thread.join(2000);
        assertFalse(thread.isAlive(), "training still running 2 s after the interrupt");
        assertTrue((System.nanoTime() - interrupted) / 1e9 < 2.0);
        assertInstanceOf(TrainingInterruptedException.class, failure.get());
        assertNull(classifier.getTribuoModel());
        assertEquals("DTECategorical: no model built yet.", classifier.toString());
        // The engine is free again: the next training runs (the training lock and gradient collector were released).
        DTECategorical next = small();
        next.buildClassifier(TRAIN);
        assertNotNull(next.getTribuoModel());
    }

    @Test
    void buildLeavesSettingsAsTheUserSetThem() throws Exception {
        DTECategorical classifier = small();
        classifier.setSetting("device", "cpu");
        String before = Utils.joinOptions(classifier.getOptions());
        classifier.buildClassifier(TRAIN);
        assertEquals(before, Utils.joinOptions(classifier.getOptions()));
        assertTrue(classifier.toString().contains("Options: " + before), classifier.toString());
    }

    @Test
    void summaryShowsDataSettingsAndProvenance() throws Exception {
        DTECategorical classifier = small();
        classifier.buildClassifier(TRAIN);
        String summary = classifier.toString();
        for (String expected : List.of(
                "Trained on 3 numeric attributes of relation 'train'",
                "org.dmad.tribuo.DTECategoricalModel",
                "org.dmad.tribuo.DTECategoricalTrainer",
                "numBins = 7",
                "djl.version = 0.33.0",
                "pytorch.version = 2.5.1",
                "dmad.effective-seed = 12345",
                "Threshold")) {
            assertTrue(summary.contains(expected), expected + " missing from:\n" + summary);
        }
        assertTrue(classifier.getMeasure(DTECategorical.MEASURE_TRAINING_SECONDS) > 0);
    }

    @Test
    void refusesNominalAttributesAndMissingValuesWithWekasMessages() throws Exception {
        Instances nominal = new Instances(TRAIN);
        nominal.insertAttributeAt(new Attribute("colour", List.of("red", "blue")), 0);
        Exception e = assertThrows(UnsupportedAttributeTypeException.class, () -> small().buildClassifier(nominal));
        assertTrue(e.getMessage().contains("Cannot handle binary attributes"), e.getMessage());

        Instances missing = new Instances(TRAIN);
        missing.instance(5).setMissing(1);
        e = assertThrows(NoSupportForMissingValuesException.class, () -> small().buildClassifier(missing));
        assertTrue(e.getMessage().contains("Cannot handle missing values"), e.getMessage());
    }

    @Test
    void invalidSettingsAreNamed() throws Exception {
        DTECategorical classifier = small();
        classifier.setSetting("numBins", "1");
        Exception e = assertThrows(Exception.class, () -> classifier.buildClassifier(TRAIN));
        assertTrue(e.getMessage().contains("numBins"), e.getMessage());
        classifier.setSetting("numBins", "7");
        e = assertThrows(IllegalArgumentException.class, () -> classifier.setSetting("hiddenSizes", "32;32"));
        assertTrue(e.getMessage().contains("hiddenSizes") && e.getMessage().contains("'32;32'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> classifier.setOptions(new String[] {"-schedule", "cosin"}));
        assertEquals("-schedule (schedule) takes linear, cosine, got 'cosin'", e.getMessage());
        assertNull(classifier.getTribuoModel());
    }

    @Test
    void scoringBeforeTrainingSaysSo() {
        Exception e = assertThrows(
                IllegalStateException.class, () -> new DTECategorical().distributionForInstance(TEST.instance(0)));
        assertTrue(e.getMessage().contains("no model built yet"), e.getMessage());
    }
}
