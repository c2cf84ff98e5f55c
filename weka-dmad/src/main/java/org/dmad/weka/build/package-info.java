/**
 * Build-time tools of weka-dmad, left out of its jar and its Weka package: the annotation processor that writes the
 * {@code <Name>Customizer} settings panel of every dmad Weka classifier
 * ({@link org.dmad.weka.build.CustomizerProcessor}).
 */
package org.dmad.weka.build;
