package org.dmad.weka.it;

import weka.core.PluginManager;
import weka.gui.GenericObjectEditor;

/**
 * Prints the classifiers that Weka's GenericObjectEditor offers, one per line, after loading the installed packages:
 * what the Explorer's classifier tree shows. Runs in a child JVM of {@code WekaPackageIT} with only Weka on the
 * classpath, so it uses nothing but Weka's API.
 */
public final class ClassifierTreeListing {

    private ClassifierTreeListing() {}

    /**
     * Lists the classifiers.
     *
     * @param args ignored.
     */
    public static void main(String[] args) {
        // Loads every installed package and registers its classes, as the Explorer does at start.
        GenericObjectEditor.determineClasses();
        for (String name : PluginManager.getPluginNamesOfTypeList("weka.classifiers.Classifier")) {
            System.out.println(name);
        }
    }
}
