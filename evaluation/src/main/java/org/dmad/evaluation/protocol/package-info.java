/**
 * Evaluation protocols of the tabular benchmark (semi-supervised, semi-supervised without resampling small files,
 * unsupervised): how a data set is split into training and test rows for a seed.
 */
package org.dmad.evaluation.protocol;
