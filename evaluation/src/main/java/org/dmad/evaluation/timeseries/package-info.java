/**
 * Time series: loaders for the benchmark archives (NAB, SMD, SMAP/MSL, UCR, TSB-AD, TSB-UAD, generic CSV),
 * missing-value policies, periodicity, and the series metrics (point AUROC/AUPR, best F1, point-adjusted, event
 * and range F1, VUS-PR and VUS-ROC as TSB-AD computes them).
 */
package org.dmad.evaluation.timeseries;
