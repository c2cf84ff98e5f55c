/**
 * Ranking metrics of the tabular benchmark: AUROC and average precision (tie-aware), F1 when as many rows are
 * flagged as there are anomalies, and the ROC and precision-recall curves of the report.
 */
package org.dmad.evaluation.metrics;
