package weka.classifiers.misc;

import org.dmad.weka.SettingsCustomizer;

/**
 * The settings panel of {@link LatentDiffusion} in Weka's object editor, found by its name (see
 * {@link SettingsCustomizer}).
 */
public class LatentDiffusionCustomizer extends SettingsCustomizer {

    private static final long serialVersionUID = 1L;
}
