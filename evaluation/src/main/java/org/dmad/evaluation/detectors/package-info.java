/**
 * The detector registry of the benchmark (names, profiles, how to build each trainer) and the baselines that are
 * not diffusion models: isolation forest (Weka's isolationForest package) and one-class SVM (LibSVM through
 * Tribuo), as Tribuo trainers.
 */
package org.dmad.evaluation.detectors;
