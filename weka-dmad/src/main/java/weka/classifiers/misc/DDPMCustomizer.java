package weka.classifiers.misc;

import org.dmad.weka.SettingsCustomizer;

/**
 * The settings panel of {@link DDPM} in Weka's object editor, found by its name (see
 * {@link SettingsCustomizer}).
 */
public class DDPMCustomizer extends SettingsCustomizer {

    private static final long serialVersionUID = 1L;
}
