/**
 * Loaders for tabular data files (ADBench .npz, CSV with a label column, ARFF), the generated synthetic suite,
 * ADBench's download with SHA-256 checks, and the dataset fingerprints that run records carry.
 */
package org.dmad.evaluation.data;
