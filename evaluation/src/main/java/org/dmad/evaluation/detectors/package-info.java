/**
 * The detector registry of the benchmark and the command line ({@link org.dmad.evaluation.detectors.DetectorRegistry}:
 * names, tasks, profiles, how to build each trainer) and the baselines that are not diffusion models, as Tribuo
 * trainers: isolation forest (Weka's isolationForest package), one-class SVM (LibSVM through Tribuo), PCA and
 * KMeansAD. The baselines share their invocation count, seed, provenance, row check and threshold through
 * {@link org.dmad.evaluation.detectors.BaselineTrainer} and their prediction through
 * {@link org.dmad.evaluation.detectors.BaselineModel}; their models are Java-serialized.
 */
package org.dmad.evaluation.detectors;
