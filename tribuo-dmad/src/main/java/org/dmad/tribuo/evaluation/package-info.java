/**
 * Ranking evaluation of anomaly detectors for Tribuo users: {@link org.dmad.tribuo.evaluation.AnomalyRankingEvaluator}
 * gives AUROC, average precision and F1 at k of a model on labelled examples, tie-aware and computed as the {@code
 * dmad} benchmark computes them ({@link org.dmad.tribuo.evaluation.RankingMetrics}), where Tribuo's own anomaly
 * evaluation counts thresholded predictions.
 */
package org.dmad.tribuo.evaluation;
