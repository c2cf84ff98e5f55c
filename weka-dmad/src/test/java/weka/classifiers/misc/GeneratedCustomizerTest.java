package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.Introspector;
import java.util.List;
import java.util.stream.Stream;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.SettingsCustomizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dmad Weka classifier, and the test-only {@link MedianDistance}, has a settings panel that Weka's property
 * sheet finds by name: {@code <Name>Customizer}, generated at build time by
 * {@link org.dmad.weka.build.CustomizerProcessor} (no customizer is written by hand).
 */
class GeneratedCustomizerTest {

    static Stream<String> classifiers() {
        return Stream.concat(DetectorCase.classNames().stream(), Stream.of(MedianDistance.class.getName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classifiers")
    void introspectorFindsTheGeneratedSettingsPanel(String name) throws Exception {
        Class<?> classifier = Class.forName(name);
        assertTrue(DMADClassifier.class.isAssignableFrom(classifier), name);
        Class<?> customizer =
                Introspector.getBeanInfo(classifier).getBeanDescriptor().getCustomizerClass();
        assertNotNull(customizer, name + " has no customizer");
        assertEquals(name + "Customizer", customizer.getName());
        assertTrue(SettingsCustomizer.class.isAssignableFrom(customizer), customizer + " is not a SettingsCustomizer");
        assertEquals(SettingsCustomizer.class, customizer.getSuperclass());
        SettingsCustomizer panel =
                (SettingsCustomizer) customizer.getDeclaredConstructor().newInstance();
        DMADClassifier instance =
                (DMADClassifier) classifier.getDeclaredConstructor().newInstance();
        panel.setObject(instance);
        assertTrue(panel.getComponentCount() > 0, "the panel of " + name + " shows nothing");
    }

    @org.junit.jupiter.api.Test
    void theMainClassifiersAreAllCovered() {
        assertEquals(
                List.of(
                        "DTECategorical",
                        "DTEInverseGamma",
                        "DTENonParametric",
                        "DDPM",
                        "DenoisingLikelihood",
                        "LatentDiffusion"),
                DetectorCase.classNames().stream()
                        .map(n -> n.substring(n.lastIndexOf('.') + 1))
                        .toList());
    }
}
