/**
 * The Weka filter TimeSeriesWindows: a series as sliding windows, so that any Weka classifier (dmad's among them)
 * detects anomalies in time series.
 */
package weka.filters.unsupervised.instance;
