/**
 * Ranking and threshold metrics of the tabular benchmark (AUROC and average precision, tie-aware, F1 at the
 * contamination threshold).
 */
package org.dmad.evaluation.metrics;
