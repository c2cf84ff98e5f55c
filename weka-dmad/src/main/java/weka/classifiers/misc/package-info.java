/**
 * dmad's detectors as Weka classifiers, in the package where Weka's class discovery and the Explorer's tree find
 * them. Each class names its Tribuo trainer; the adapter in org.dmad.weka does the rest.
 */
package weka.classifiers.misc;
